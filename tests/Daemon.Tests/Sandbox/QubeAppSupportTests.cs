using GuiVirt.GuiDaemon.Sandbox;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// What desktop apps need from a qube's sandbox beyond its walls, checked from inside a real one
/// (the apps themselves run in tests/Daemon.Tests/Apps).
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class QubeAppSupportTests : IDisposable
{
    private const string FontCache = "/var/cache/fontconfig";

    private readonly QubeRig _rig = new();

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void AFreshQubeUsesTheSystemFontCacheReadOnlyInsteadOfBuildingItsOwn()
    {
        Assert.True(Directory.Exists(FontCache) && Directory.EnumerateFiles(FontCache, "*.cache-*").Any(), $"the host has no font cache in {FontCache}: install fontconfig");
        QubeSandbox a = _rig.Start("a");
        string result = _rig.RunForResult(a, "a", "fonts", """
            fc-list | wc -l
            ls -A /home/user/.cache/fontconfig 2>/dev/null | wc -l
            touch /var/cache/fontconfig/guivirt-test 2>/dev/null && echo "the font cache is writable"
            true
            """);

        string[] lines = result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(int.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture) > 0, $"fc-list found no font: {result}");
        // With the system cache in place, fontconfig wrote no cache of its own into the qube's home.
        Assert.Equal(["0"], lines[1..]);
    }
}
