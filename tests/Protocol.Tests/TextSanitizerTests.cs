using System.Text;
using GuiVirt.Protocol.Messages;

namespace GuiVirt.Protocol.Tests;

public class TextSanitizerTests
{
    [Theory]
    [InlineData("plain title", "plain title")]
    [InlineData("tab\there", "tab\uFFFDhere")]
    [InlineData("line\nbreak", "line\uFFFDbreak")]
    [InlineData("\u202Eevil", "\uFFFDevil")]
    [InlineData("a\u2066b\u2069c\u200Fd\u061C", "a\uFFFDb\uFFFDc\uFFFDd\uFFFD")]
    [InlineData("esc\u001B[31m", "esc\uFFFD[31m")]
    [InlineData("c1\u0085\u009B", "c1\uFFFD\uFFFD")]
    [InlineData("日本語 😀 é", "日本語 😀 é")]
    [InlineData("a\u2028[vault]\u2029b", "a\uFFFD[vault]\uFFFDb")]
    [InlineData("zero\u200Bwidth\u200D\uFEFF\u2060\u00AD", "zero\uFFFDwidth\uFFFD\uFFFD\uFFFD\uFFFD")]
    [InlineData("private\uE000", "private\uFFFD")]
    public void DangerousCharactersBecomeReplacementCharacters(string input, string expected) =>
        Assert.Equal(expected, TextSanitizer.Sanitize(Encoding.UTF8.GetBytes(input)));

    [Fact]
    public void InvalidUtf8BecomesReplacementCharacters()
    {
        Assert.Equal("a\uFFFD(b", TextSanitizer.Sanitize([(byte)'a', 0xC3, (byte)'(', (byte)'b']));
        Assert.DoesNotContain('\u0000', TextSanitizer.Sanitize([0xFF, 0xFE, 0x00, 0xED, 0xA0, 0x80]));
    }

    [Fact]
    public void TitlesAreCutToTheFieldAtACharacterBoundary()
    {
        string title = new WindowName(new string('é', 100)).Title; // 2 bytes each
        Assert.Equal(63, title.Length);
        Assert.True(Encoding.UTF8.GetByteCount(title) <= Limits.TitleBytes - 1);

        string emoji = new WindowName(string.Concat(Enumerable.Repeat("😀", 40))).Title; // 4 bytes each
        Assert.Equal(31 * 2, emoji.Length);
    }

    [Fact]
    public void ClassNamesAreCutTo63Bytes()
    {
        var windowClass = new WindowClass(new string('c', 100), "n\u202E");
        Assert.Equal(new string('c', 63), windowClass.ClassName);
        Assert.Equal("n\uFFFD", windowClass.InstanceName);
    }
}
