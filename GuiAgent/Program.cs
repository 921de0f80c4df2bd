// guivirt-agent: the untrusted half of GuiVirt, inside a qube. See Agent for the event loop.
using GuiVirt.GuiAgent;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(AgentOptions.Usage);
    return 0;
}

AgentOptions? options = AgentOptions.Parse(args, out string? error);
if (options is null)
{
    Console.Error.WriteLine($"guivirt-agent: {error}");
    Console.Error.WriteLine(AgentOptions.Usage);
    return 2;
}

try
{
    using var agent = Agent.Start(options);
    return agent.Run();
}
catch (GuiVirt.X11.XException e)
{
    Console.Error.WriteLine($"guivirt-agent: {e.Message}");
    return 1;
}
