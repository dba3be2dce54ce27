using Crm.Fakes.Bench;
using Crm.Fakes.Faults;

// The fake platforms as a process of their own: Slack's Web API and response_url hooks, the Bot Framework side
// (OpenID metadata + JWKS, Entra token endpoint, Bot Connector, Graph), each on a free loopback port.
//   Crm.Fakes                                        the fault harness's fakes: a journal of every post, fault rules
//   Crm.Fakes bench <out folder> [tokens 4096] [token lifetime minutes 180]
//                                                    the as-shipped benchmark's: nothing noted, tokens minted once
if (args.Length > 0 && args[0] == "bench")
{
    if (args.Length < 2)
    {
        Console.Error.WriteLine("Usage: Crm.Fakes bench <out folder> [tokens 4096] [token lifetime minutes 180]");
        return 2;
    }
    return await BenchMode.RunAsync(args[1..]);
}
return await FaultHarnessMode.RunAsync();
