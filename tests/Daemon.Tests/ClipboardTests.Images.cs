using System.Text;
using GuiVirt.TestSupport;
using SkiaSharp;

namespace GuiVirt.Daemon.Tests;

/// <summary>
/// Clipboard images between qubes with real xclip on both sides: the source's agent decodes the
/// PNG, the daemon carries raw pixels it never reads, the target's agent serves a PNG again.
/// </summary>
public sealed partial class ClipboardTests
{
    [Fact]
    public void AnImageCopiedInOneQubeIsPastedPixelExactInAnotherOnce()
    {
        Start();
        byte[] png = Pattern(64, 48);
        SetClipboardImage(_a, png);
        Copy();
        WaitForAudit("\"action\":\"copy\",\"source\":\"a\",\"target\":null,\"bytes\":" + (64 * 48 * 4) + ",\"result\":\"copied\",\"kind\":\"image\"");
        _daemon.WaitForLog("notice: Copied image 64x48 from a");
        string held = GuivirtCli.Run(_daemon.SocketDirectory, "clipboard").Output;
        Assert.StartsWith("image 64x48, 12288 bytes, copied from a", held, StringComparison.Ordinal);

        Paste();
        WaitForAudit("\"action\":\"paste\",\"source\":\"a\",\"target\":\"b\",\"bytes\":12288,\"result\":\"pasted\",\"kind\":\"image\"");
        _daemon.WaitForLog("notice: Pasted image 64x48 from a into b");
        Assert.Equal("the clipboard is empty\n", GuivirtCli.Run(_daemon.SocketDirectory, "clipboard").Output);

        // The target's apps see a PNG clipboard: TARGETS lists image/png, and the image is the same, pixel for pixel.
        string targets = Encoding.ASCII.GetString(ReadClipboardAs(_b, "TARGETS", output => output.Length > 0));
        Assert.Contains("image/png", targets.Split('\n'), StringComparer.Ordinal);
        byte[] pasted = ReadClipboardAs(_b, "image/png", output => output.Length > 8 && output[1] == (byte)'P');
        AssertSamePixels(png, pasted);

        Paste(); // one paste per copy
        WaitForAudit("\"action\":\"paste\",\"source\":null,\"target\":\"b\",\"bytes\":0,\"result\":\"empty\"");
    }

    [Fact]
    public void AnImageLargerThan4096IsRefusedAndNothingIsPasted()
    {
        Start();
        SetClipboard(_b, "unchanged");
        SetClipboardImage(_a, Pattern(5000, 10));
        Copy();
        WaitForAudit("\"action\":\"copy\",\"source\":\"a\",\"target\":null,\"bytes\":0,\"result\":\"empty\"");
        Assert.Equal("the clipboard is empty\n", GuivirtCli.Run(_daemon.SocketDirectory, "clipboard").Output);
        Paste();
        WaitForAudit("\"action\":\"paste\",\"source\":null,\"target\":\"b\",\"bytes\":0,\"result\":\"empty\"");
        Assert.Equal("unchanged", ReadClipboard(_b));
    }

    [Fact]
    public void ADenyRuleBlocksAnImagePaste()
    {
        Start(config: "[[clipboard.rule]]\nfrom = \"a\"\nto = \"b\"\naction = \"deny\"\n");
        SetClipboard(_b, "unchanged");
        SetClipboardImage(_a, Pattern(20, 10));
        Copy();
        WaitForAudit("\"bytes\":800,\"result\":\"copied\",\"kind\":\"image\"");
        Paste();
        WaitForAudit("\"action\":\"paste\",\"source\":\"a\",\"target\":\"b\",\"bytes\":800,\"result\":\"denied\",\"kind\":\"image\"");
        _daemon.WaitForLog("notice: Denied: pasting image from a into b");
        Assert.Equal("unchanged", ReadClipboard(_b));
    }

    /// <summary>A PNG whose every pixel differs from its neighbours: opaque, with all three channels varying.</summary>
    internal static byte[] Pattern(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 7 + y), (byte)(y * 13 + x * 3), (byte)((x ^ y) * 5), 255));
            }
        }

        using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    internal static void AssertSamePixels(byte[] expectedPng, byte[] actualPng)
    {
        using var expected = SKBitmap.Decode(expectedPng);
        using var actual = SKBitmap.Decode(actualPng);
        Assert.NotNull(actual);
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        for (int y = 0; y < expected.Height; y++)
        {
            for (int x = 0; x < expected.Width; x++)
            {
                Assert.True(expected.GetPixel(x, y) == actual.GetPixel(x, y), $"pixel ({x},{y}): {actual.GetPixel(x, y)} instead of {expected.GetPixel(x, y)}");
            }
        }
    }

    private void SetClipboardImage(XvfbServer qube, byte[] png)
    {
        string file = Path.Combine(_directory, $"clip-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(file, png);
        Keep(ToolProcess.Start(qube.Display, "xclip", ["-selection", "clipboard", "-t", "image/png", "-i", file]));
        ReadClipboardAs(qube, "image/png", output => output.SequenceEqual(png));
    }

    /// <summary>xclip -o -t TARGET in the qube, until <paramref name="done"/> holds (10 s at most).</summary>
    private static byte[] ReadClipboardAs(XvfbServer qube, string target, Func<byte[], bool> done)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            (int code, byte[] output) = ToolProcess.Run(qube.Display, "xclip", "-selection", "clipboard", "-t", target, "-o");
            if (code == 0 && done(output))
            {
                return output;
            }

            Assert.True(DateTime.UtcNow < deadline, $"xclip -t {target} -o never gave what was expected ({output.Length} bytes, exit {code})");
            Thread.Sleep(50);
        }
    }
}
