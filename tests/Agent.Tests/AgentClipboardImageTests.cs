using System.Text;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.TestSupport;
using SkiaSharp;

namespace GuiVirt.Agent.Tests;

/// <summary>
/// Clipboard images in the agent, with xclip as the qube's app: an image/png clipboard answers a
/// request as raw RGBA in a sealed memfd (decoded here, in the qube), and a pasted image is served
/// to the qube's apps as image/png.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class AgentClipboardImageTests : QubeSessionTest
{
    // Three pixels, one of them half transparent: the agent's RGBA is unpremultiplied and exact.
    private static readonly SKColor[] Pixels = [new(0x10, 0x20, 0x30, 0xFF), new(0xFF, 0x00, 0x80, 0xFF), new(0x40, 0x80, 0xC0, 0x80)];

    [Fact]
    public async Task AnImagePngClipboardAnswersARequestAsRawRgbaInASealedMemfd()
    {
        string file = Path.Combine(Path.GetTempPath(), $"guivirt-agent-image-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(file, Png(Pixels, 3, 1));
        try
        {
            using ToolProcess copy = ToolProcess.Start(Session.Qube.Display, "xclip", ["-selection", "clipboard", "-t", "image/png", "-i", file]);
            await WaitForImageAsync();
            Session.Daemon.Channel!.SendEmpty(MessageType.ClipboardRequest, WindowId.None);
            var messages = await Session.Received.WaitForAsync(m => m.Any(x => x.Type is MessageType.ClipboardImage or MessageType.ClipboardData), "CLIPBOARD_IMAGE");
            var image = Assert.IsType<ClipboardImage>(messages.First(m => m.Type is MessageType.ClipboardImage or MessageType.ClipboardData).Body);
            Assert.Equal((3, 1), (image.Width, image.Height));

            // The daemon's own checks: sealed, exactly 3 x 1 x 4 bytes.
            Assert.Equal(ProtocolViolation.None, new MemfdGrantMapper().TryMap(Session.Received.ImageFds[0], image.ByteCount, out IMappedGrant? grant, exactSize: true));
            Session.Received.ImageFds.Clear(); // the mapper took it
            using (grant)
            {
                byte[] expected = [.. Pixels.SelectMany(p => new[] { p.Red, p.Green, p.Blue, p.Alpha })];
                Assert.Equal(expected, Bytes(grant!));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ALargePngHandedOverIncrementallyArrivesWhole()
    {
        // 2048 x 2048 of noise: a PNG of about 16 MiB, more than xclip puts in one property, so it uses INCR.
        var random = new Random(7);
        SKColor[] noise = [.. Enumerable.Range(0, 2048 * 2048).Select(_ => new SKColor((uint)random.Next() | 0xFF000000))];
        byte[] png = Png(noise, 2048, 2048);
        string file = Path.Combine(Path.GetTempPath(), $"guivirt-agent-image-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(file, png);
        try
        {
            using ToolProcess copy = ToolProcess.Start(Session.Qube.Display, "xclip", ["-selection", "clipboard", "-t", "image/png", "-i", file]);
            await WaitForImageAsync();
            Session.Daemon.Channel!.SendEmpty(MessageType.ClipboardRequest, WindowId.None);
            var messages = await Session.Received.WaitForAsync(m => m.Any(x => x.Type is MessageType.ClipboardImage or MessageType.ClipboardData), "CLIPBOARD_IMAGE");
            Assert.True(messages.First(m => m.Type is MessageType.ClipboardImage or MessageType.ClipboardData).Body is ClipboardImage { Width: 2048, Height: 2048 }, $"a PNG of {png.Length} bytes did not arrive as an image:\n{Session.AgentLog}");
            Assert.Equal(ProtocolViolation.None, new MemfdGrantMapper().TryMap(Session.Received.ImageFds[0], 2048L * 2048 * 4, out IMappedGrant? grant, exactSize: true));
            Session.Received.ImageFds.Clear();
            using (grant)
            {
                byte[] expected = [.. noise.SelectMany(p => new[] { p.Red, p.Green, p.Blue, p.Alpha })];
                Assert.True(expected.AsSpan().SequenceEqual(Bytes(grant!)), "the pixels differ");
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AnImageWiderThan4096AnswersNothing()
    {
        string file = Path.Combine(Path.GetTempPath(), $"guivirt-agent-image-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(file, Png([.. Enumerable.Repeat(Pixels[0], 4097)], 4097, 1));
        try
        {
            using ToolProcess copy = ToolProcess.Start(Session.Qube.Display, "xclip", ["-selection", "clipboard", "-t", "image/png", "-i", file]);
            await WaitForImageAsync();
            Session.Daemon.Channel!.SendEmpty(MessageType.ClipboardRequest, WindowId.None);
            var messages = await Session.Received.WaitForAsync(m => m.Any(x => x.Type is MessageType.ClipboardImage or MessageType.ClipboardData), "an answer");
            Assert.Empty((byte[])messages.First(m => m.Type is MessageType.ClipboardImage or MessageType.ClipboardData).Body!);
            DateTime deadline = DateTime.UtcNow.AddSeconds(10);
            while (!Session.AgentLog.Contains("the clipboard image is 4097x1, larger than 4096x4096; refused", StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, "the agent did not log the refusal:\n" + Session.AgentLog);
                await Task.Delay(50);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task APastedImageIsServedToTheQubesAppsAsPng()
    {
        await Session.Received.WaitForAsync(_ => true, "the connection");
        var image = new ClipboardImage(3, 1);
        using IAgentGrant pixels = new MemfdGrantAllocator().Allocate(image.ByteCount);
        Write(pixels, [.. Pixels.SelectMany(p => new[] { p.Red, p.Green, p.Blue, p.Alpha })]);
        Session.Daemon.Channel!.Send(WindowId.None, image, pixels.ShareHandle);

        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        byte[] png = [];
        while (png.Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "xclip never got an image/png from the agent:\n" + Session.AgentLog);
            (int exit, byte[] output) = ToolProcess.Run(Session.Qube.Display, "xclip", "-selection", "clipboard", "-o", "-t", "image/png");
            png = exit == 0 ? output : [];
            await Task.Delay(100);
        }

        using SKBitmap decoded = SKBitmap.Decode(png, new SKImageInfo(3, 1, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        Assert.Equal(Pixels, new[] { decoded.GetPixel(0, 0), decoded.GetPixel(1, 0), decoded.GetPixel(2, 0) });
        (int code, byte[] targets) = ToolProcess.Run(Session.Qube.Display, "xclip", "-selection", "clipboard", "-o", "-t", "TARGETS");
        Assert.Equal(0, code);
        Assert.Equal(new[] { "TARGETS", "image/png" }, Encoding.ASCII.GetString(targets).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static byte[] Png(SKColor[] pixels, int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int i = 0; i < pixels.Length; i++)
        {
            bitmap.SetPixel(i % width, i / width, pixels[i]);
        }

        using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static unsafe byte[] Bytes(IMappedGrant grant) => new ReadOnlySpan<byte>((void*)grant.Address, checked((int)grant.Size)).ToArray();

    private static unsafe void Write(IAgentGrant grant, byte[] bytes) => bytes.CopyTo(new Span<byte>((void*)grant.Address, bytes.Length));

    private async Task WaitForImageAsync()
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (ToolProcess.Run(Session.Qube.Display, "xclip", "-selection", "clipboard", "-o", "-t", "image/png").ExitCode != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "xclip never took the clipboard");
            await Task.Delay(50);
        }
    }
}
