namespace GuiVirt.Remote;

/// <summary>The kinds of record on a remote link (docs/remote.md, "Records"). Any other value ends the link.</summary>
public enum RecordKind : uint
{
    /// <summary>Both ways, once, first: the headerless version handshake, relayed (4 bytes up, 20 bytes down).</summary>
    Hello = 1,

    /// <summary>Both ways: one whole protocol message that carries no descriptor, relayed unchanged.</summary>
    Message = 2,

    /// <summary>Exporter to importer: a window's new buffer, width x height; its pixels start all zero.</summary>
    Dump = 3,

    /// <summary>Exporter to importer: a rectangle's new pixels, LZ4 of the XOR against the last frame sent.</summary>
    Rect = 4,

    /// <summary>Importer to exporter: the rectangle with this sequence number has been put.</summary>
    Ack = 5,

    /// <summary>Exporter to importer: a rectangle of the window's buffer moved vertically (a scroll); what differs follows as RECT.</summary>
    Copy = 6,

    /// <summary>Both ways: a clipboard image, width and height then one LZ4 block of its raw RGBA; becomes a CLIPBOARD_IMAGE with a sealed memfd.</summary>
    ClipboardImage = 7,
}
