namespace Crm.Bot.Delivery;

public static class DeliverySetup
{
    /// <summary>
    /// The answer path every edge shares: <see cref="AnswerOutbox"/> (stores an answer's rows with the
    /// request's save) and the one <see cref="AnswerSender"/>, on the outbox machinery of Crm.Jobs
    /// (<c>OutboxClaims</c>, <c>ClaimHeartbeat</c>, <c>ChannelPacer</c>, <c>OutboxOutcomeRecorder</c>). Registered
    /// after that machinery and before the platforms, so the host stops the sender after the platforms' work
    /// (which still hands its answers over) and before the heartbeat that renews its rows' claims.
    /// </summary>
    public static IServiceCollection AddAnswerDelivery(this IServiceCollection services)
    {
        services.AddOptions<AnswerSenderOptions>().BindConfiguration(AnswerSenderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<AnswerOutbox>();
        services.AddSingleton<AnswerSender>();
        services.AddHostedService(sp => sp.GetRequiredService<AnswerSender>());
        return services;
    }
}
