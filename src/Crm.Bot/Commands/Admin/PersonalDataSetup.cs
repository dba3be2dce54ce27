using Crm.Bot.Pipeline;

namespace Crm.Bot.Commands.Admin;

/// <summary>Registers the data-subject tools: <c>admin export person</c> and <c>admin erase person</c>.</summary>
public static class PersonalDataSetup
{
    public static IServiceCollection AddPersonalDataTools(this IServiceCollection services)
    {
        services.AddSingleton<ICommand, AdminExportPersonCommand>();
        services.AddSingleton<ICommand, AdminErasePersonCommand>();
        return services;
    }
}
