using System.Runtime.InteropServices;

namespace GuiVirt.X11.Interop;

// Xlib's event structs for LP64 (x86_64, aarch64). Every event starts with the XAnyEvent
// fields: int type; unsigned long serial; Bool send_event; Display *display; Window window.
// The layouts are pinned against the C headers by a test (XStructLayoutTests).

/// <summary>The XEvent union: 24 longs.</summary>
[StructLayout(LayoutKind.Explicit, Size = 192)]
internal struct XEvent
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(8)] public nuint Serial;
    [FieldOffset(16)] public int SendEvent;
    [FieldOffset(24)] public nint Display;
    [FieldOffset(32)] public nuint Window;
}

/// <summary>KeyPress, KeyRelease, ButtonPress, ButtonRelease, MotionNotify: the same layout (detail = keycode, button, or is_hint).</summary>
[StructLayout(LayoutKind.Explicit, Size = 96)]
internal struct XInputEvent
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(32)] public nuint Window;
    [FieldOffset(40)] public nuint Root;
    [FieldOffset(48)] public nuint Subwindow;
    [FieldOffset(56)] public nuint Time;
    [FieldOffset(64)] public int X;
    [FieldOffset(68)] public int Y;
    [FieldOffset(72)] public int XRoot;
    [FieldOffset(76)] public int YRoot;
    [FieldOffset(80)] public uint State;
    [FieldOffset(84)] public uint Detail;
    [FieldOffset(88)] public int SameScreen;
}

/// <summary>EnterNotify, LeaveNotify.</summary>
[StructLayout(LayoutKind.Explicit, Size = 104)]
internal struct XCrossingEvent
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(32)] public nuint Window;
    [FieldOffset(64)] public int X;
    [FieldOffset(68)] public int Y;
    [FieldOffset(80)] public int Mode;
    [FieldOffset(84)] public int Detail;
    [FieldOffset(92)] public int Focus;
    [FieldOffset(96)] public uint State;
}

/// <summary>FocusIn, FocusOut.</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
internal struct XFocusChangeEvent
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(32)] public nuint Window;
    [FieldOffset(40)] public int Mode;
    [FieldOffset(44)] public int Detail;
}

/// <summary>Expose.</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct XExposeEvent
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(32)] public nuint Window;
    [FieldOffset(40)] public int X;
    [FieldOffset(44)] public int Y;
    [FieldOffset(48)] public int Width;
    [FieldOffset(52)] public int Height;
    [FieldOffset(56)] public int Count;
}

/// <summary>CreateNotify.</summary>
[StructLayout(LayoutKind.Explicit, Size = 72)]
internal struct XCreateWindowEvent
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(32)] public nuint Parent;
    [FieldOffset(40)] public nuint Window;
    [FieldOffset(48)] public int X;
    [FieldOffset(52)] public int Y;
    [FieldOffset(56)] public int Width;
    [FieldOffset(60)] public int Height;
    [FieldOffset(64)] public int BorderWidth;
    [FieldOffset(68)] public int OverrideRedirect;
}

/// <summary>DestroyNotify, UnmapNotify (from_configure at 48), MapNotify (override_redirect at 48), MapRequest (parent, window), CirculateRequest (place at 48). ReparentNotify has its own layout.</summary>
[StructLayout(LayoutKind.Explicit, Size = 56)]
internal struct XWindowEvent
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(32)] public nuint Event;
    [FieldOffset(40)] public nuint Window;
    [FieldOffset(48)] public int Flag;
}

/// <summary>VisibilityNotify: the window, then its state (Unobscured 0, PartiallyObscured 1, FullyObscured 2).</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
internal struct XVisibilityEvent
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(32)] public nuint Window;
    [FieldOffset(40)] public int State;
}

/// <summary>ReparentNotify.</summary>
[StructLayout(LayoutKind.Explicit, Size = 72)]
internal struct XReparentEvent
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(32)] public nuint Event;
    [FieldOffset(40)] public nuint Window;
    [FieldOffset(48)] public nuint Parent;
    [FieldOffset(56)] public int X;
    [FieldOffset(60)] public int Y;
    [FieldOffset(64)] public int OverrideRedirect;
}

/// <summary>ConfigureNotify and ConfigureRequest (detail, value_mask only in requests).</summary>
[StructLayout(LayoutKind.Explicit, Size = 96)]
internal struct XConfigureEvent
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(32)] public nuint Event;
    [FieldOffset(40)] public nuint Window;
    [FieldOffset(48)] public int X;
    [FieldOffset(52)] public int Y;
    [FieldOffset(56)] public int Width;
    [FieldOffset(60)] public int Height;
    [FieldOffset(64)] public int BorderWidth;
    [FieldOffset(72)] public nuint Above;
    [FieldOffset(80)] public int OverrideRedirectOrDetail;
    [FieldOffset(88)] public nuint ValueMask;
}

/// <summary>PropertyNotify.</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct XPropertyEvent
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(32)] public nuint Window;
    [FieldOffset(40)] public nuint Atom;
    [FieldOffset(48)] public nuint Time;
    [FieldOffset(56)] public int State;
}

/// <summary>SelectionRequest.</summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal struct XSelectionRequestEvent
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(8)] public nuint Serial;
    [FieldOffset(16)] public int SendEvent;
    [FieldOffset(24)] public nint Display;
    [FieldOffset(32)] public nuint Owner;
    [FieldOffset(40)] public nuint Requestor;
    [FieldOffset(48)] public nuint Selection;
    [FieldOffset(56)] public nuint Target;
    [FieldOffset(64)] public nuint Property;
    [FieldOffset(72)] public nuint Time;
}

/// <summary>SelectionNotify (and SelectionClear: window, selection, time at 32, 40, 48).</summary>
[StructLayout(LayoutKind.Explicit, Size = 72)]
internal struct XSelectionEvent
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(8)] public nuint Serial;
    [FieldOffset(16)] public int SendEvent;
    [FieldOffset(24)] public nint Display;
    [FieldOffset(32)] public nuint Requestor;
    [FieldOffset(40)] public nuint Selection;
    [FieldOffset(48)] public nuint Target;
    [FieldOffset(56)] public nuint Property;
    [FieldOffset(64)] public nuint Time;
}

/// <summary>ClientMessage with format 32: five longs of data.</summary>
[StructLayout(LayoutKind.Explicit, Size = 96)]
internal struct XClientMessageEvent
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(8)] public nuint Serial;
    [FieldOffset(16)] public int SendEvent;
    [FieldOffset(24)] public nint Display;
    [FieldOffset(32)] public nuint Window;
    [FieldOffset(40)] public nuint MessageType;
    [FieldOffset(48)] public int Format;
    [FieldOffset(56)] public nint Data0;
    [FieldOffset(64)] public nint Data1;
    [FieldOffset(72)] public nint Data2;
    [FieldOffset(80)] public nint Data3;
    [FieldOffset(88)] public nint Data4;
}

/// <summary>XDamageNotifyEvent.</summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal struct XDamageNotifyEvent
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(32)] public nuint Drawable;
    [FieldOffset(40)] public nuint Damage;
    [FieldOffset(48)] public int Level;
    [FieldOffset(52)] public int More;
    [FieldOffset(56)] public nuint Timestamp;
    [FieldOffset(64)] public XRectangle Area;
    [FieldOffset(72)] public XRectangle Geometry;
}

/// <summary>XFixesCursorNotifyEvent.</summary>
[StructLayout(LayoutKind.Explicit, Size = 72)]
internal struct XFixesCursorNotifyEvent
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(32)] public nuint Window;
    [FieldOffset(40)] public int Subtype;
    [FieldOffset(48)] public nuint CursorSerial;
    [FieldOffset(56)] public nuint Timestamp;
    [FieldOffset(64)] public nuint CursorName;
}

/// <summary>XErrorEvent.</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
internal struct XErrorEvent
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(8)] public nint Display;
    [FieldOffset(16)] public nuint ResourceId;
    [FieldOffset(24)] public nuint Serial;
    [FieldOffset(32)] public byte ErrorCode;
    [FieldOffset(33)] public byte RequestCode;
    [FieldOffset(34)] public byte MinorCode;
}
