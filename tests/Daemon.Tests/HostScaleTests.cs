using System.Text;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests;

/// <summary>
/// Without <c>scale</c> in the configuration the daemon takes the host's density: Xft.dpi in the
/// host root's RESOURCE_MANAGER (as xrdb writes it) when it starts, nearest allowed value.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class HostScaleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-host-scale-test-").FullName;
    private readonly XvfbServer _host = new(1280, 800);

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("Xft.antialias:\t1\nXft.dpi:\t144\n", "1.5")]
    [InlineData("Xft.dpi:\t190\n", "2")]
    [InlineData("Xcursor.size:\t24\n", "1")]
    public void TheHostsXftDpiGivesTheDefaultScale(string resources, string scale)
    {
        using (XDisplay display = XDisplay.Open(_host.Display))
        {
            display.SetBytes(display.Root, display.Atom("RESOURCE_MANAGER"), XAtom.String, Encoding.ASCII.GetBytes(resources));
            display.Sync();
        }

        using var daemon = new DaemonProcess(_host.Display, Path.Combine(_directory, "sockets"), "work:blue");
        daemon.WaitForLog($"scale {scale} for qubes without their own (the host's Xft.dpi)");
    }

    [Fact]
    public void AConfiguredScaleIsTakenWhateverTheHostSays()
    {
        using (XDisplay display = XDisplay.Open(_host.Display))
        {
            display.SetBytes(display.Root, display.Atom("RESOURCE_MANAGER"), XAtom.String, Encoding.ASCII.GetBytes("Xft.dpi:\t192\n"));
            display.Sync();
        }

        string config = Path.Combine(_directory, "config.toml");
        File.WriteAllText(config, "scale = 1.25\n");
        using var daemon = new DaemonProcess(_host.Display, Path.Combine(_directory, "sockets"), new List<string> { "--config", config }, "work:blue");
        daemon.SocketOf("work");
        Assert.DoesNotContain("for qubes without their own", daemon.Log, StringComparison.Ordinal);
    }
}
