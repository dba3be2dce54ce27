namespace Crm.Bot.Delivery;

public static class DeliverySetup
{
    /// <summary>
    /// The answer path every edge shares: <see cref="AnswerOutbox"/> (stores an answer's rows with the
    /// request's save) and the one <see cref="AnswerSender"/>. Registered with the pipeline, before the
    /// platforms, so the host stops the sender after them: work they finish on shutdown still hands its answers over.
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
