using System.Runtime.InteropServices;

namespace GuiVirt.X11.Interop;

/// <summary>XRectangle: short x, y; unsigned short width, height.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XRectangle
{
    public short X;
    public short Y;
    public ushort Width;
    public ushort Height;
}

/// <summary>XWindowAttributes (136 bytes on LP64).</summary>
[StructLayout(LayoutKind.Explicit, Size = 136)]
internal struct XWindowAttributes
{
    [FieldOffset(0)] public int X;
    [FieldOffset(4)] public int Y;
    [FieldOffset(8)] public int Width;
    [FieldOffset(12)] public int Height;
    [FieldOffset(16)] public int BorderWidth;
    [FieldOffset(20)] public int Depth;
    [FieldOffset(24)] public nint Visual;
    [FieldOffset(32)] public nuint Root;
    [FieldOffset(40)] public int Class;
    [FieldOffset(92)] public int MapState;
    [FieldOffset(120)] public int OverrideRedirect;
}

/// <summary>XSizeHints (WM_NORMAL_HINTS).</summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal struct XSizeHints
{
    [FieldOffset(0)] public nint Flags;
    [FieldOffset(8)] public int X;
    [FieldOffset(12)] public int Y;
    [FieldOffset(16)] public int Width;
    [FieldOffset(20)] public int Height;
    [FieldOffset(24)] public int MinWidth;
    [FieldOffset(28)] public int MinHeight;
    [FieldOffset(32)] public int MaxWidth;
    [FieldOffset(36)] public int MaxHeight;
    [FieldOffset(40)] public int WidthIncrement;
    [FieldOffset(44)] public int HeightIncrement;
    [FieldOffset(48)] public int MinAspectX;
    [FieldOffset(52)] public int MinAspectY;
    [FieldOffset(56)] public int MaxAspectX;
    [FieldOffset(60)] public int MaxAspectY;
    [FieldOffset(64)] public int BaseWidth;
    [FieldOffset(68)] public int BaseHeight;
    [FieldOffset(72)] public int WinGravity;
}

/// <summary>XWindowChanges, for XConfigureWindow.</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
internal struct XWindowChanges
{
    [FieldOffset(0)] public int X;
    [FieldOffset(4)] public int Y;
    [FieldOffset(8)] public int Width;
    [FieldOffset(12)] public int Height;
    [FieldOffset(16)] public int BorderWidth;
    [FieldOffset(24)] public nuint Sibling;
    [FieldOffset(32)] public int StackMode;
}

/// <summary>XSetWindowAttributes, for XCreateWindow and XChangeWindowAttributes.</summary>
[StructLayout(LayoutKind.Explicit, Size = 112)]
internal struct XSetWindowAttributes
{
    [FieldOffset(0)] public nuint BackgroundPixmap;
    [FieldOffset(8)] public nuint BackgroundPixel;
    [FieldOffset(16)] public nuint BorderPixmap;
    [FieldOffset(24)] public nuint BorderPixel;
    [FieldOffset(32)] public int BitGravity;
    [FieldOffset(36)] public int WinGravity;
    [FieldOffset(40)] public int BackingStore;
    [FieldOffset(48)] public nuint BackingPlanes;
    [FieldOffset(56)] public nuint BackingPixel;
    [FieldOffset(64)] public int SaveUnder;
    [FieldOffset(72)] public nint EventMask;
    [FieldOffset(80)] public nint DoNotPropagateMask;
    [FieldOffset(88)] public int OverrideRedirect;
    [FieldOffset(96)] public nuint Colormap;
    [FieldOffset(104)] public nuint Cursor;
}

/// <summary>XImage: only the fields we read or write; the function table follows at 88.</summary>
[StructLayout(LayoutKind.Explicit, Size = 136)]
internal unsafe struct XImage
{
    [FieldOffset(0)] public int Width;
    [FieldOffset(4)] public int Height;
    [FieldOffset(8)] public int XOffset;
    [FieldOffset(12)] public int Format;
    [FieldOffset(16)] public byte* Data;
    [FieldOffset(40)] public int Depth;
    [FieldOffset(44)] public int BytesPerLine;
    [FieldOffset(48)] public int BitsPerPixel;
    [FieldOffset(88)] public nint CreateImage;
    [FieldOffset(96)] public nint DestroyImage;
}

/// <summary>XShmSegmentInfo.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XShmSegmentInfo
{
    public nuint ShmSeg;
    public int ShmId;
    public nint ShmAddr;
    public int ReadOnly;
}

/// <summary>xcb_generic_error_t (the part we read).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XcbGenericError
{
    public byte ResponseType;
    public byte ErrorCode;
    public ushort Sequence;
    public uint ResourceId;
    public ushort MinorCode;
    public byte MajorCode;
}
