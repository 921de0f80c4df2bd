using GuiVirt.Protocol;

namespace GuiVirt.Remote;

/// <summary>Every bound of the remote stream, in one place (docs/remote.md mirrors them).</summary>
public static class RemoteLimits
{
    /// <summary>The 4 bytes each side sends first: "GVR1".</summary>
    public static ReadOnlySpan<byte> Magic => "GVR1"u8;

    /// <summary>A record's header: u32 kind, u32 payload length.</summary>
    public const int RecordHeaderBytes = 8;

    /// <summary>
    /// The most pixel bytes one RECT carries once decoded (4 MiB: a 1024 x 1024 square). The
    /// exporter cuts larger damage into bands; the importer refuses more before decoding.
    /// </summary>
    public const int MaxRectPixelBytes = 4 << 20;

    /// <summary>A RECT's fixed part: window, sequence, x, y, width, height (u32 each).</summary>
    public const int RectHeaderBytes = 24;

    /// <summary>
    /// The largest compressed block a RECT may carry: LZ4's worst case for <see cref="MaxRectPixelBytes"/>
    /// (input + input/255 + 16), rounded up. Anything longer cannot be an honest encoder's.
    /// </summary>
    public const int MaxCompressedBytes = MaxRectPixelBytes + (MaxRectPixelBytes / 255) + 64;

    /// <summary>The largest payload of any record but CLIPBOARD_IMAGE (a RECT of the largest compressed block).</summary>
    public const int MaxPayloadBytes = RectHeaderBytes + MaxCompressedBytes;

    /// <summary>A DUMP's payload: window, width, height.</summary>
    public const int DumpBytes = 12;

    /// <summary>A COPY's payload: window, x, y, width, height (u32 each), dy (i32).</summary>
    public const int CopyBytes = 24;

    /// <summary>The exporter looks for a scroll only in damage of at least this many rows.</summary>
    public const int MinCopyRows = 32;

    /// <summary>The farthest the exporter looks for a scroll's source, in rows above and below the damage (bounds its work).</summary>
    public const int MaxCopyShift = 256;

    /// <summary>An ACK's payload: window, sequence.</summary>
    public const int AckBytes = 8;

    /// <summary>
    /// The most windows with a buffer at once on the importer (the daemon has its own, lower,
    /// per-qube limit; this one bounds the importer's memory before the daemon is asked).
    /// </summary>
    public const int MaxWindows = 512;

    /// <summary>The most bytes of window buffers the importer holds at once (1 GiB).</summary>
    public const long MaxBufferBytes = 1L << 30;

    /// <summary>How many RECTs of one window the exporter sends before it waits for their ACK; more damage is coalesced meanwhile.</summary>
    public const int RectsInFlight = 4;

    /// <summary>Pending damaged rectangles kept per window before they are merged into their bounding box.</summary>
    public const int PendingRects = 16;

    /// <summary>A CLIPBOARD_IMAGE record's fixed part: width, height (u32 each).</summary>
    public const int ClipboardImageHeaderBytes = 8;

    /// <summary>The most raw RGBA bytes of a clipboard image: the protocol's largest, 4096 x 4096 x 4 (64 MiB).</summary>
    public const int MaxClipboardImageBytes = Limits.MaxClipboardImageSide * Limits.MaxClipboardImageSide * Limits.ClipboardImageBytesPerPixel;

    /// <summary>
    /// The largest CLIPBOARD_IMAGE payload: its fixed part and LZ4's worst case for
    /// <see cref="MaxClipboardImageBytes"/> (input + input/255 + 16, rounded up).
    /// </summary>
    public const int MaxClipboardImageRecordBytes = ClipboardImageHeaderBytes + MaxClipboardImageBytes + (MaxClipboardImageBytes / 255) + 64;

    /// <summary>The largest protocol message a MESSAGE may carry.</summary>
    public const int MaxMessageBytes = MessageReader.MaxMessageSize;
}
