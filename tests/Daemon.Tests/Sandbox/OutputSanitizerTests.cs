using System.Text;
using GuiVirt.GuiDaemon.Sandbox;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>What a qube's programs print, made safe for the user's terminal.</summary>
public sealed class OutputSanitizerTests
{
    [Theory]
    [InlineData("plain text\n", "plain text\n")]
    [InlineData("tab\there\n", "tab\there\n")]
    [InlineData("ünï € 😀\n", "ünï € 😀\n")]
    [InlineData("\u001b[2J\u001b]0;title\u0007", "\uFFFD[2J\uFFFD]0;title\uFFFD")] // CSI, OSC, BEL
    [InlineData("line\r\n", "line\n")] // CR could overwrite what is already on the line
    [InlineData("over\rwrite", "overwrite")]
    [InlineData("c1 \u009b2J \u0090dcs\u009c", "c1 \uFFFD2J \uFFFDdcs\uFFFD")] // one-byte CSI, DCS, ST
    [InlineData("\u202Eabc\u2066", "\uFFFDabc\uFFFD")] // bidi override and isolate
    [InlineData("a\u2028b\u0000c\u007f", "a\uFFFDb\uFFFDc\uFFFD")] // line separator, NUL, DEL
    public void ControlsBecomeVisibleReplacementsAndTextStays(string output, string shown) =>
        Assert.Equal(shown, new OutputSanitizer().Clean(Encoding.UTF8.GetBytes(output)));

    [Fact]
    public void InvalidUtf8BecomesReplacements() =>
        Assert.Equal("a\uFFFD\uFFFDb", new OutputSanitizer().Clean([(byte)'a', 0xFF, 0xFE, (byte)'b']));

    [Fact]
    public void ACharacterSplitBetweenReadsIsDecodedWhole()
    {
        var sanitizer = new OutputSanitizer();
        byte[] euro = Encoding.UTF8.GetBytes("€"); // E2 82 AC
        Assert.Equal("x", sanitizer.Clean([(byte)'x', euro[0]]));
        Assert.Equal("", sanitizer.Clean([euro[1]]));
        Assert.Equal("€y", sanitizer.Clean([euro[2], (byte)'y']));

        byte[] csi = Encoding.UTF8.GetBytes("\u009b"); // C2 9B: the split one-byte CSI is still caught
        Assert.Equal("", sanitizer.Clean([csi[0]]));
        Assert.Equal("\uFFFD", sanitizer.Clean([csi[1]]));
    }

    [Fact]
    public void CleanTextPassesUnchanged()
    {
        string once = new OutputSanitizer().Clean(Encoding.UTF8.GetBytes("a\u001bb\r\u202Ec\n"));
        Assert.Equal(once, new OutputSanitizer().Clean(Encoding.UTF8.GetBytes(once)));
    }
}
