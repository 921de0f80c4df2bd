using System.Runtime.InteropServices;

namespace GuiVirt.X11.Interop;

/// <summary>The keyboard mapping (core) and XKB calls of libX11: layouts, groups and remapped keycodes.</summary>
internal static unsafe partial class Xkb
{
    /// <summary>XkbUseCoreKbd: the core keyboard.</summary>
    public const uint UseCoreKeyboard = 0x100;

    /// <summary>XkbMapNotify, the XKB event kind of a keymap change (XChangeKeyboardMapping, a new layout).</summary>
    public const int MapNotify = 1;

    /// <summary>XkbMapNotifyMask for XkbSelectEvents.</summary>
    public const uint MapNotifyMask = 1 << 1;

    /// <summary>XkbStateNotify, the XKB event kind (xkb_type) of a state change.</summary>
    public const int StateNotify = 2;

    /// <summary>XkbGroupLockMask: state events only when the locked group changes (not every modifier press).</summary>
    public const nuint GroupLockMask = 1 << 7;

    /// <summary>MappingNotify (X.h), sent to every client when the keyboard mapping changes.</summary>
    public const int MappingNotify = 34;

    [LibraryImport(Libraries.X11)] public static partial int XkbQueryExtension(nint display, out int opcode, out int eventBase, out int errorBase, ref int major, ref int minor);
    [LibraryImport(Libraries.X11)] public static partial int XkbSelectEvents(nint display, uint deviceSpec, uint affect, uint values);
    [LibraryImport(Libraries.X11)] public static partial int XkbSelectEventDetails(nint display, uint deviceSpec, uint eventType, nuint affect, nuint details);
    [LibraryImport(Libraries.X11)] public static partial int XkbGetState(nint display, uint deviceSpec, XkbState* state);
    [LibraryImport(Libraries.X11)] public static partial int XkbLockGroup(nint display, uint deviceSpec, uint group);
    [LibraryImport(Libraries.X11)] public static partial int XDisplayKeycodes(nint display, out int minKeycode, out int maxKeycode);
    [LibraryImport(Libraries.X11)] public static partial nuint* XGetKeyboardMapping(nint display, byte firstKeycode, int count, out int keysymsPerKeycode);
    [LibraryImport(Libraries.X11)] public static partial int XChangeKeyboardMapping(nint display, int firstKeycode, int keysymsPerKeycode, nuint* keysyms, int count);
    [LibraryImport(Libraries.X11)] public static partial int XRefreshKeyboardMapping(XMappingEvent* mapping);
}

/// <summary>XkbStateRec (XKBlib.h); only the locked group is read.</summary>
[StructLayout(LayoutKind.Explicit, Size = 18)]
internal struct XkbState
{
    [FieldOffset(0)] public byte Group;
    [FieldOffset(1)] public byte LockedGroup;
}

/// <summary>XMappingEvent.</summary>
[StructLayout(LayoutKind.Explicit, Size = 56)]
internal struct XMappingEvent
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(32)] public nuint Window;
    [FieldOffset(40)] public int Request;
    [FieldOffset(44)] public int FirstKeycode;
    [FieldOffset(48)] public int Count;
}

/// <summary>XkbAnyEvent (XKBlib.h): the XKB kind of an event from the extension.</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
internal struct XkbAnyEvent
{
    [FieldOffset(0)] public int Type;
    [FieldOffset(40)] public int XkbType;
}
