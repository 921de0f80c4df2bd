namespace GuiVirt.Agent.Tests;

/// <summary>A test class whose every test has its own <see cref="QubeSession"/>: a qube Xvfb, a real agent and the fake daemon.</summary>
public abstract class QubeSessionTest : IAsyncLifetime
{
    public QubeSession Session { get; } = new();

    public Task InitializeAsync() => Session.InitializeAsync();

    public Task DisposeAsync() => Session.DisposeAsync();
}
