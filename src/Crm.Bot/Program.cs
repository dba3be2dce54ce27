using Crm.Bot.Hosting;

// No verb runs the bot; a verb (migrate, seed, import, ask, …) runs that admin command and exits.
return await CrmHost.RunAsync(args);
