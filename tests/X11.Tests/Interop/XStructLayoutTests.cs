using System.Reflection;
using System.Runtime.InteropServices;
using GuiVirt.X11.Interop;

namespace GuiVirt.X11.Tests.Interop;

/// <summary>
/// Pins every struct of X11/Interop (XEvents.cs, XStructs.cs) against the real C headers: size,
/// and for every C# field the offset and width of the C member(s) it reads. A wrong offset
/// there reads garbage from Xlib without any error, so only a test like this one catches it.
/// Needs cc and the headers of libx11-dev libxext-dev libxdamage-dev libxfixes-dev libxrandr-dev libxinerama-dev libxrender-dev libxcb1-dev libxcb-shm0-dev.
/// </summary>
public sealed class XStructLayoutTests
{
    private static readonly StructMap[] Maps =
    [
        new(typeof(XEvent), "XEvent") { MemberPrefix = "xany." },
        new(typeof(XInputEvent), "XKeyEvent", "XButtonEvent", "XMotionEvent")
        {
            ["Detail"] = ["XKeyEvent.keycode", "XButtonEvent.button", "XMotionEvent.is_hint"],
        },
        new(typeof(XCrossingEvent), "XCrossingEvent"),
        new(typeof(XFocusChangeEvent), "XFocusChangeEvent"),
        new(typeof(XExposeEvent), "XExposeEvent"),
        new(typeof(XCreateWindowEvent), "XCreateWindowEvent"),
        new(typeof(XWindowEvent), "XDestroyWindowEvent", "XUnmapEvent", "XMapEvent", "XMapRequestEvent", "XCirculateRequestEvent")
        {
            ["Event"] = ["XDestroyWindowEvent.event", "XUnmapEvent.event", "XMapEvent.event", "XMapRequestEvent.parent", "XCirculateRequestEvent.parent"],
            ["Flag"] = ["XUnmapEvent.from_configure", "XMapEvent.override_redirect", "XCirculateRequestEvent.place"],
        },
        new(typeof(XReparentEvent), "XReparentEvent"),
        new(typeof(XConfigureEvent), "XConfigureEvent", "XConfigureRequestEvent")
        {
            ["Event"] = ["XConfigureEvent.event", "XConfigureRequestEvent.parent"],
            ["OverrideRedirectOrDetail"] = ["XConfigureEvent.override_redirect", "XConfigureRequestEvent.detail"],
            ["ValueMask"] = ["XConfigureRequestEvent.value_mask"],
        },
        new(typeof(XPropertyEvent), "XPropertyEvent"),
        new(typeof(XVisibilityEvent), "XVisibilityEvent"),
        new(typeof(XMappingEvent), "XMappingEvent"),
        new(typeof(XkbAnyEvent), "XkbAnyEvent"),
        new(typeof(XkbState), "XkbStateRec"),
        new(typeof(XRRMonitorInfo), "XRRMonitorInfo")
        {
            ["OutputCount"] = ["XRRMonitorInfo.noutput"],
            ["WidthMm"] = ["XRRMonitorInfo.mwidth"],
            ["HeightMm"] = ["XRRMonitorInfo.mheight"],
        },
        new(typeof(XRRScreenResources), "XRRScreenResources")
        {
            ["ConfigTimestamp"] = ["XRRScreenResources.configTimestamp"],
            ["CrtcCount"] = ["XRRScreenResources.ncrtc"],
            ["OutputCount"] = ["XRRScreenResources.noutput"],
            ["ModeCount"] = ["XRRScreenResources.nmode"],
        },
        new(typeof(XRRModeInfo), "XRRModeInfo")
        {
            ["DotClock"] = ["XRRModeInfo.dotClock"],
            ["HSyncStart"] = ["XRRModeInfo.hSyncStart"],
            ["HSyncEnd"] = ["XRRModeInfo.hSyncEnd"],
            ["HTotal"] = ["XRRModeInfo.hTotal"],
            ["HSkew"] = ["XRRModeInfo.hSkew"],
            ["VSyncStart"] = ["XRRModeInfo.vSyncStart"],
            ["VSyncEnd"] = ["XRRModeInfo.vSyncEnd"],
            ["VTotal"] = ["XRRModeInfo.vTotal"],
            ["NameLength"] = ["XRRModeInfo.nameLength"],
            ["ModeFlags"] = ["XRRModeInfo.modeFlags"],
        },
        new(typeof(XRRScreenChangeNotifyEvent), "XRRScreenChangeNotifyEvent")
        {
            ["WidthMm"] = ["XRRScreenChangeNotifyEvent.mwidth"],
            ["HeightMm"] = ["XRRScreenChangeNotifyEvent.mheight"],
        },
        new(typeof(XineramaScreenInfo), "XineramaScreenInfo")
        {
            ["ScreenNumber"] = ["XineramaScreenInfo.screen_number"],
            ["X"] = ["XineramaScreenInfo.x_org"],
            ["Y"] = ["XineramaScreenInfo.y_org"],
        },
        new(typeof(XSelectionRequestEvent), "XSelectionRequestEvent"),
        new(typeof(XSelectionEvent), "XSelectionEvent"),
        new(typeof(XClientMessageEvent), "XClientMessageEvent")
        {
            ["Data0"] = ["XClientMessageEvent.data.l[0]"],
            ["Data1"] = ["XClientMessageEvent.data.l[1]"],
            ["Data2"] = ["XClientMessageEvent.data.l[2]"],
            ["Data3"] = ["XClientMessageEvent.data.l[3]"],
            ["Data4"] = ["XClientMessageEvent.data.l[4]"],
        },
        new(typeof(XDamageNotifyEvent), "XDamageNotifyEvent"),
        new(typeof(XFixesCursorNotifyEvent), "XFixesCursorNotifyEvent"),
        new(typeof(XErrorEvent), "XErrorEvent") { ["ResourceId"] = ["XErrorEvent.resourceid"] },
        new(typeof(XRectangle), "XRectangle"),
        new(typeof(XWindowAttributes), "XWindowAttributes"),
        new(typeof(XSizeHints), "XSizeHints")
        {
            ["WidthIncrement"] = ["XSizeHints.width_inc"],
            ["HeightIncrement"] = ["XSizeHints.height_inc"],
            ["MinAspectX"] = ["XSizeHints.min_aspect.x"],
            ["MinAspectY"] = ["XSizeHints.min_aspect.y"],
            ["MaxAspectX"] = ["XSizeHints.max_aspect.x"],
            ["MaxAspectY"] = ["XSizeHints.max_aspect.y"],
        },
        new(typeof(XWindowChanges), "XWindowChanges"),
        new(typeof(XSetWindowAttributes), "XSetWindowAttributes"),
        new(typeof(XImage), "XImage")
        {
            ["XOffset"] = ["XImage.xoffset"],
            ["CreateImage"] = ["XImage.f.create_image"],
            ["DestroyImage"] = ["XImage.f.destroy_image"],
        },
        new(typeof(XShmSegmentInfo), "XShmSegmentInfo")
        {
            ["ShmSeg"] = ["XShmSegmentInfo.shmseg"],
            ["ShmId"] = ["XShmSegmentInfo.shmid"],
            ["ShmAddr"] = ["XShmSegmentInfo.shmaddr"],
            ["ReadOnly"] = ["XShmSegmentInfo.readOnly"],
        },
        new(typeof(XVisualInfo), "XVisualInfo")
        {
            ["VisualId"] = ["XVisualInfo.visualid"],
        },
        new(typeof(XRenderColor), "XRenderColor"),
        new(typeof(XTransform), "XTransform")
        {
            ["M00"] = ["XTransform.matrix[0][0]"],
            ["M01"] = ["XTransform.matrix[0][1]"],
            ["M02"] = ["XTransform.matrix[0][2]"],
            ["M10"] = ["XTransform.matrix[1][0]"],
            ["M11"] = ["XTransform.matrix[1][1]"],
            ["M12"] = ["XTransform.matrix[1][2]"],
            ["M20"] = ["XTransform.matrix[2][0]"],
            ["M21"] = ["XTransform.matrix[2][1]"],
            ["M22"] = ["XTransform.matrix[2][2]"],
        },
        // Only read through the pointer xcb_request_check returns (36 bytes in C), never allocated.
        new(typeof(XcbGenericError), "xcb_generic_error_t") { Prefix = true },
    ];

    /// <summary>
    /// Members narrower in C than the C# field that reads them, on purpose. is_hint is a char
    /// followed by 3 padding bytes that Xlib does not clear: Detail of a MotionNotify must be
    /// masked to its low byte.
    /// </summary>
    private static readonly HashSet<string> WiderOnPurpose = ["XInputEvent.Detail XMotionEvent.is_hint"];

    [Fact]
    public void EveryInteropStructIsPinned()
    {
        string[] structs = [.. typeof(XEvent).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(XEvent).Namespace && t.IsValueType && !t.IsEnum && t.IsLayoutSequential | t.IsExplicitLayout)
            .Select(t => t.Name)
            .Order()];

        Assert.Equal(structs, Maps.Select(map => map.Type.Name).Order());
    }

    [Fact]
    public void SizesOffsetsAndWidthsMatchTheCHeaders()
    {
        var rows = Maps.SelectMany(map => Fields(map.Type).SelectMany(field =>
            map.Members(field.Name).Select(member => (Map: map, Field: field, member.CStruct, member.Member)))).ToList();
        Dictionary<string, long> c = NativeLayout.Measure(Maps.SelectMany(map => map.CStructs), rows.Select(row => (row.CStruct, row.Member)));

        var wrong = new List<string>();
        foreach (StructMap map in Maps)
        {
            long size = Marshal.SizeOf(map.Type);
            long largest = map.CStructs.Max(s => c[$"size {s}"]);
            bool fits = map.Prefix ? size <= map.CStructs.Min(s => c[$"size {s}"]) : size == largest;
            if (!fits)
            {
                wrong.Add($"{map.Type.Name}: C# size {size}, C size {largest} ({string.Join(", ", map.CStructs)})");
            }
        }
        foreach (var row in rows)
        {
            long offset = Marshal.OffsetOf(row.Map.Type, row.Field.Name);
            long cOffset = c[$"offset {row.CStruct} {row.Member}"];
            if (offset != cOffset)
            {
                wrong.Add($"{row.Map.Type.Name}.{row.Field.Name}: C# offset {offset}, {row.CStruct}.{row.Member} is at {cOffset}");
            }
            long width = Width(row.Field.FieldType);
            long cWidth = c[$"width {row.CStruct} {row.Member}"];
            bool allowed = WiderOnPurpose.Contains($"{row.Map.Type.Name}.{row.Field.Name} {row.CStruct}.{row.Member}") && width > cWidth;
            if (width != cWidth && !allowed)
            {
                wrong.Add($"{row.Map.Type.Name}.{row.Field.Name}: C# width {width}, {row.CStruct}.{row.Member} is {cWidth} bytes");
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        // The C side really answered for every struct (a typo in a name fails the compile instead).
        Assert.Equal(Maps.Sum(map => map.CStructs.Length), c.Keys.Count(key => key.StartsWith("size ", StringComparison.Ordinal)));
    }

    private static IEnumerable<FieldInfo> Fields(Type type) =>
        type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

    private static long Width(Type type) =>
        type.IsPointer || type.IsFunctionPointer ? IntPtr.Size : Marshal.SizeOf(type);
}
