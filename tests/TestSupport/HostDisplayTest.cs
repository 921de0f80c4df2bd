using GuiVirt.Headless;

namespace GuiVirt.TestSupport;

/// <summary>
/// A test class whose every test has a host display of its own (a 1280x800 Xvfb) and a temporary
/// directory, with the daemon's sockets in <see cref="Sockets"/>; both gone after the test.
/// </summary>
public abstract class HostDisplayTest : IDisposable
{
    protected string TestDirectory { get; } = Directory.CreateTempSubdirectory("guivirt-test-").FullName;

    protected XvfbServer Host { get; } = new(1280, 800);

    /// <summary>Where a daemon started by the test puts its sockets.</summary>
    protected string Sockets => Path.Combine(TestDirectory, "sockets");

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        Host.Dispose();
        Directory.Delete(TestDirectory, recursive: true);
    }
}
