
namespace GuiVirt.Daemon.Tests;

/// <summary>
/// Tests that start X servers, the daemon, agents and X clients. Each test has its own Xvfb; on two shared
/// cores running them one at a time keeps every timeout far from its limit.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class XServerCollection
{
    public const string Name = "X server";
}
