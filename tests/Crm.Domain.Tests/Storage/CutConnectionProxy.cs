using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Crm.Domain.Tests.Storage;

/// <summary>
/// A TCP proxy in front of the test PostgreSQL that breaks one connection at a chosen moment: the
/// first batch a client sends containing <see cref="Arm"/>'s text is either dropped before the server
/// sees it, or forwarded and the connection cut once the server has answered it completely (its
/// ReadyForQuery, sent after the implicit transaction committed) without passing that answer on —
/// the client sees a lost connection for a batch the server stored.
/// </summary>
internal sealed class CutConnectionProxy : IAsyncDisposable
{
    public enum Cut { BeforeTheServerSeesIt, AfterTheServerCommitted }

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _serverHost;
    private readonly int _serverPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Lock _gate = new();
    private (byte[] Text, Cut When)? _armed;
    private int _cuts;

    public CutConnectionProxy(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        _serverHost = target.Host!;
        _serverPort = target.Port;
        _listener.Start();
        // Plain protocol messages only: no TLS or GSS negotiation, whose answers are not framed.
        ConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Host = "127.0.0.1",
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port,
            SslMode = SslMode.Disable,
            GssEncryptionMode = GssEncryptionMode.Disable,
        }.ConnectionString;
        _ = AcceptAsync();
    }

    public string ConnectionString { get; }

    /// <summary>How many connections were cut so far.</summary>
    public int Cuts => Volatile.Read(ref _cuts);

    /// <summary>Cuts the next connection whose client sends <paramref name="text"/> (once).</summary>
    public void Arm(string text, Cut when)
    {
        lock (_gate) _armed = (Encoding.UTF8.GetBytes(text), when);
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                await server.ConnectAsync(_serverHost, _serverPort, _stop.Token);
                lock (_gate) _open.AddRange([client, server]);
                var link = new Link(this, client, server);
                _ = link.ClientToServerAsync();
                _ = link.ServerToClientAsync();
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>True (once) when <paramref name="data"/> holds the armed text: this connection is the one to cut.</summary>
    private Cut? Claim(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            if (_armed is not { } armed || data.IndexOf(armed.Text) < 0) return null;
            _armed = null;
            Interlocked.Increment(ref _cuts);
            return armed.When;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_gate)
            foreach (var socket in _open) socket.Dispose();
    }

    private sealed class Link(CutConnectionProxy proxy, TcpClient client, TcpClient server)
    {
        private volatile bool _cutAfterAnswer;

        public async Task ClientToServerAsync()
        {
            var buffer = new byte[64 * 1024];
            try
            {
                var from = client.GetStream();
                var to = server.GetStream();
                int read;
                while ((read = await from.ReadAsync(buffer)) > 0)
                {
                    switch (proxy.Claim(buffer.AsSpan(0, read)))
                    {
                        case Cut.BeforeTheServerSeesIt:
                            Close();
                            return;
                        case Cut.AfterTheServerCommitted:
                            _cutAfterAnswer = true;
                            break;
                    }
                    await to.WriteAsync(buffer.AsMemory(0, read));
                }
            }
            catch (Exception)
            {
            }
            Close();
        }

        /// <summary>Forwards the server's messages one by one (type byte, length), so the cut falls exactly after a ReadyForQuery.</summary>
        public async Task ServerToClientAsync()
        {
            var header = new byte[5];
            try
            {
                var from = server.GetStream();
                var to = client.GetStream();
                while (true)
                {
                    await from.ReadExactlyAsync(header);
                    var body = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)) - 4];
                    await from.ReadExactlyAsync(body);
                    if (_cutAfterAnswer)
                    {
                        // Everything of the armed batch's answer is held back; its ReadyForQuery ends the connection.
                        if (header[0] == (byte)'Z') break;
                        continue;
                    }
                    await to.WriteAsync(header);
                    await to.WriteAsync(body);
                }
            }
            catch (Exception)
            {
            }
            Close();
        }

        private void Close()
        {
            client.Dispose();
            server.Dispose();
        }
    }
}
