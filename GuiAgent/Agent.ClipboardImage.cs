using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.X11;
using Microsoft.Win32.SafeHandles;
using SkiaSharp;

namespace GuiVirt.GuiAgent;

/// <summary>
/// Clipboard images. The daemon never decodes an image, so the agents do it, inside the qubes:
/// the source's agent decodes the app's image/png with SkiaSharp into raw RGBA (at most 4096 x
/// 4096) in a sealed memfd and answers CLIPBOARD_IMAGE; the target's agent encodes the pixels it is
/// pasted back into a PNG and serves it to its apps as image/png.
/// </summary>
internal sealed partial class Agent
{
    private const string PngTarget = "image/png";

    // A PNG of the largest image can be bigger than its raw pixels (noise does not compress); the
    // X property is read up to this much, in the qube's own memory.
    private const int MaxPngBytes = 96 << 20;

    private static readonly MemfdGrantAllocator ImageAllocator = new();
    private static readonly MemfdGrantMapper ImageMapper = new();

    private byte[]? _pastedPng;
    private MemoryStream? _incoming; // an INCR transfer of the copied PNG, while it lasts

    /// <summary>CLIPBOARD_IMAGE from the daemon: a paste. The pixels become a PNG that this qube's apps can ask for.</summary>
    public void OnClipboardImage(ClipboardImage image, SafeFileHandle pixels)
    {
        // The daemon is trusted, but the descriptor is checked like any grant: sealed, exactly
        // width x height x 4 bytes, mapped read-only.
        ProtocolViolation refused = ImageMapper.TryMap(pixels, image.ByteCount, out IMappedGrant? grant, exactSize: true);
        if (refused != ProtocolViolation.None)
        {
            Log.Warning($"a pasted clipboard image was refused: {refused}");
            return;
        }

        byte[] png;
        using (grant)
        {
            var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            using var pixmap = new SKPixmap(info, grant!.Address, image.Width * Limits.ClipboardImageBytesPerPixel);
            using SKData? encoded = pixmap.Encode(SKEncodedImageFormat.Png, 100);
            if (encoded is null)
            {
                Log.Warning($"could not encode the pasted {image.Width}x{image.Height} image as PNG");
                return;
            }

            png = encoded.ToArray();
        }

        (_pasted, _pastedPng) = (null, png);
        if (!_display.SetSelectionOwner(_display.Atom("CLIPBOARD"), ClipboardWindow))
        {
            Log.Warning("could not take the CLIPBOARD selection for a paste");
        }
    }

    /// <summary>
    /// The owner converted CLIPBOARD to image/png: decode it and answer, or answer nothing. A PNG
    /// larger than the owner's largest request comes incrementally (ICCCM INCR): deleting the
    /// property starts it, and each chunk arrives as a new value of the property (ContinueIncomingImage).
    /// </summary>
    private void AnswerCopiedImage(XAtom property)
    {
        var value = property.IsNone ? null : _display.TryGetProperty(ClipboardWindow, property, delete: true, maxBytes: MaxPngBytes);
        if (value is { Type: var type } && type == _display.Atom("INCR"))
        {
            _incoming = new MemoryStream(); // the delete above asked for the first chunk
            Log.Warning("the clipboard owner hands its image/png over incrementally (INCR)");
            return;
        }

        _requestDeadline = null;
        if (value is not { Format: 8 } png)
        {
            Log.Warning("the clipboard owner answered image/png with nothing or an unsupported format; sending nothing");
            AnswerClipboard([]);
            return;
        }

        AnswerImage(png.Bytes);
    }

    /// <summary>One INCR chunk: appended (bounded by <see cref="MaxPngBytes"/>); an empty one ends the transfer.</summary>
    private void ContinueIncomingImage()
    {
        var chunk = _display.TryGetProperty(ClipboardWindow, _display.Atom("GUIVIRT_CLIPBOARD"), delete: true, maxBytes: MaxPngBytes);
        if (chunk is not { Format: 8 } bytes || _incoming!.Length + bytes.Bytes.Length > MaxPngBytes)
        {
            (_incoming, _requestDeadline) = (null, null);
            Log.Warning($"the clipboard's incremental image/png is not 8-bit data or larger than {MaxPngBytes} bytes; sending nothing");
            AnswerClipboard([]);
            return;
        }

        if (bytes.Bytes.Length > 0)
        {
            _incoming.Write(bytes.Bytes);
            return;
        }

        byte[] png = _incoming.ToArray();
        (_incoming, _requestDeadline) = (null, null);
        AnswerImage(png);
    }

    /// <summary>Decodes <paramref name="png"/> into a sealed memfd of raw RGBA and sends it; sends nothing (empty text) when it cannot.</summary>
    private void AnswerImage(byte[] png)
    {
        using SKData data = SKData.CreateCopy(png);
        using SKCodec? codec = SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat != SKEncodedImageFormat.Png)
        {
            Log.Warning($"the clipboard's image/png ({png.Length} bytes) is not a PNG image; sending nothing");
            AnswerClipboard([]);
            return;
        }

        // The bound, checked before a pixel is decoded: the header's size alone decides.
        (int width, int height) = (codec.Info.Width, codec.Info.Height);
        if (!ClipboardImage.Fits(width, height))
        {
            Log.Warning($"the clipboard image is {width}x{height}, larger than {Limits.MaxClipboardImageSide}x{Limits.MaxClipboardImageSide}; refused, sending nothing");
            AnswerClipboard([]);
            return;
        }

        var image = new ClipboardImage(width, height);
        using IAgentGrant grant = ImageAllocator.Allocate(image.ByteCount);
        // Decoded straight into the memfd; no colour-space conversion (null), unpremultiplied RGBA.
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        SKCodecResult result = codec.GetPixels(info, grant.Address, width * Limits.ClipboardImageBytesPerPixel, new SKCodecOptions());
        if (result != SKCodecResult.Success)
        {
            Log.Warning($"the clipboard's {width}x{height} PNG could not be decoded ({result}); sending nothing");
            AnswerClipboard([]);
            return;
        }

        _channel?.Send(WindowId.None, image, grant.ShareHandle); // the channel sends its own duplicate
    }

    /// <summary>A paste of an image: TARGETS and image/png, nothing else.</summary>
    private bool ServeImage(in XEventData request, XAtom property, byte[] png)
    {
        XAtom targets = _display.Atom("TARGETS"), pngAtom = _display.Atom(PngTarget);
        if (request.Target == targets)
        {
            _display.SetLongs(request.Other, property, XAtom.Atom, [(nint)targets.Id, (nint)pngAtom.Id]);
            return true;
        }

        if (request.Target == pngAtom)
        {
            _display.SetBytes(request.Other, property, pngAtom, png);
            return true;
        }

        return false;
    }
}
