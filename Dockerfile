# Crm.Bot as a container image. Configuration comes from the environment only (Section__Key), e.g.
# ConnectionStrings__Crm, Slack__SigningSecret, Slack__BotToken, Teams__AppId, Host__Role.
# Build: docker build -t crm-bot .        Run the whole topology: deploy/compose.yaml

# --- build stage: the SDK restores and publishes Release -------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
# Project files first, so the restore layer is reused until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Crm.Domain/Crm.Domain.csproj src/Crm.Domain/
COPY src/Crm.Jobs/Crm.Jobs.csproj src/Crm.Jobs/
COPY src/Crm.Bot/Crm.Bot.csproj src/Crm.Bot/
RUN dotnet restore src/Crm.Bot/Crm.Bot.csproj
COPY src/ src/
RUN dotnet publish src/Crm.Bot/Crm.Bot.csproj -c Release --no-restore -o /app

# --- runtime stage: ASP.NET Core runtime only, as the image's non-root user ------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Logging__Console__FormatterName=json \
    Host__ShutdownSeconds=20
EXPOSE 8080
# The aspnet image ships a non-root user (uid 1654, "app"); the host needs no privileges.
USER $APP_UID
# Liveness only (/healthz checks no dependency); the image has no curl, bash's /dev/tcp is enough.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# No arguments runs the bot; a verb runs it instead: `docker run … crm-bot migrate`.
ENTRYPOINT ["dotnet", "Crm.Bot.dll"]
