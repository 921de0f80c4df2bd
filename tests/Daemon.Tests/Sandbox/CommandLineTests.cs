using System.Text;
using GuiVirt.GuiDaemon.Sandbox;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>The line a command becomes on its way into the qube's init.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void EachArgumentIsAPrefixedBase64WordAndTheLineEndsWithANewline()
    {
        byte[] line = CommandLine.Encode(["sh", "", "; rm -rf ~"]);
        Assert.Equal("ac2g= a aOyBybSAtcmYgfg==\n", Encoding.ASCII.GetString(line));
    }

    [Theory]
    [InlineData("a\0b")]
    [InlineData("\0")]
    public void ANulCannotBeSent(string argument) =>
        Assert.Throws<ArgumentException>(() => CommandLine.Encode(["printf", argument]));

    [Fact]
    public void AnEmptyCommandOrProgramNameIsRefused()
    {
        Assert.Throws<ArgumentException>(() => CommandLine.Encode([]));
        Assert.Throws<ArgumentException>(() => CommandLine.Encode(["", "x"]));
    }

    [Fact]
    public void AnOversizedCommandIsRefused() =>
        Assert.Throws<ArgumentException>(() => CommandLine.Encode(["echo", new string('x', CommandLine.MaxLineBytes)]));

    [Fact]
    public void OnlyBase64CharactersSpacesAndTheFinalNewlineAreSent()
    {
        byte[] line = CommandLine.Encode(["x", "$(id)`id`'\"\\\n\t*?[]{}|&;<>", "ünï €"]);
        Assert.All(line[..^1], b => Assert.True(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'+' or (byte)'/' or (byte)'=' or (byte)' ', $"byte {b}"));
        Assert.Equal((byte)'\n', line[^1]);
    }
}
