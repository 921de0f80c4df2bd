using System.Text;
using GuiVirt.GuiDaemon.Sandbox;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>The line a command becomes on its way into the qube's init.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void TheIdThenEachArgumentAsAPrefixedBase64WordAndTheLineEndsWithANewline()
    {
        byte[] line = CommandLine.Encode(7, ["sh", "", "; rm -rf ~"]);
        Assert.Equal("7 ac2g= a aOyBybSAtcmYgfg==\n", Encoding.ASCII.GetString(line));
    }

    [Theory]
    [InlineData("a\0b")]
    [InlineData("\0")]
    public void ANulCannotBeSent(string argument) =>
        Assert.Throws<ArgumentException>(() => CommandLine.Encode(1, ["printf", argument]));

    [Fact]
    public void AnEmptyCommandOrProgramNameIsRefused()
    {
        Assert.Throws<ArgumentException>(() => CommandLine.Encode(1, []));
        Assert.Throws<ArgumentException>(() => CommandLine.Encode(1, ["", "x"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => CommandLine.Encode(0, ["x"]));
    }

    [Fact]
    public void AnOversizedCommandIsRefused() =>
        Assert.Throws<ArgumentException>(() => CommandLine.Encode(1, ["echo", new string('x', CommandLine.MaxLineBytes)]));

    [Fact]
    public void OnlyBase64CharactersSpacesAndTheFinalNewlineAreSent()
    {
        byte[] line = CommandLine.Encode(int.MaxValue, ["x", "$(id)`id`'\"\\\n\t*?[]{}|&;<>", "ünï €"]);
        Assert.All(line[..^1], b => Assert.True(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'+' or (byte)'/' or (byte)'=' or (byte)' ', $"byte {b}"));
        Assert.Equal((byte)'\n', line[^1]);
    }
}
