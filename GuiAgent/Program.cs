// guivirt-agent: the untrusted half of GuiVirt, inside a qube. See Agent for the event loop.
using GuiVirt;
using GuiVirt.GuiAgent;

Log.Program = "guivirt-agent";
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(AgentOptions.Usage);
    return 0;
}

AgentOptions? options = AgentOptions.Parse(args, out string? error);
if (options is null)
{
    Log.Error(error!);
    Console.Error.WriteLine(AgentOptions.Usage);
    return 2;
}

Log.Verbose = options.Verbose;

try
{
    if (options.SetScreen is { } size)
    {
        return Agent.SetScreen(options.Display, size);
    }

    using var agent = Agent.Start(options);
    return agent.Run();
}
catch (GuiVirt.X11.XException e)
{
    Log.Error(e.Message);
    return 1;
}
