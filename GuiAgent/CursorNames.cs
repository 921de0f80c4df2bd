using GuiVirt.Protocol.Messages;

namespace GuiVirt.GuiAgent;

/// <summary>
/// Cursor names (as XFixes reports them) to X11 cursor-font glyphs: the protocol carries a
/// standard shape, never a qube's bitmap. Names from X11/cursorfont.h plus the CSS and
/// freedesktop names toolkits use; anything else is the default cursor.
/// </summary>
internal static class CursorNames
{
    private static readonly string[] FontGlyphs =
    [
        "X_cursor", "arrow", "based_arrow_down", "based_arrow_up", "boat", "bogosity", "bottom_left_corner", "bottom_right_corner",
        "bottom_side", "bottom_tee", "box_spiral", "center_ptr", "circle", "clock", "coffee_mug", "cross", "cross_reverse", "crosshair",
        "diamond_cross", "dot", "dotbox", "double_arrow", "draft_large", "draft_small", "draped_box", "exchange", "fleur", "gobbler",
        "gumby", "hand1", "hand2", "heart", "icon", "iron_cross", "left_ptr", "left_side", "left_tee", "leftbutton", "ll_angle",
        "lr_angle", "man", "middlebutton", "mouse", "pencil", "pirate", "plus", "question_arrow", "right_ptr", "right_side",
        "right_tee", "rightbutton", "rtl_logo", "sailboat", "sb_down_arrow", "sb_h_double_arrow", "sb_left_arrow", "sb_right_arrow",
        "sb_up_arrow", "sb_v_double_arrow", "shuttle", "sizing", "spider", "spraycan", "star", "target", "tcross", "top_left_arrow",
        "top_left_corner", "top_right_corner", "top_side", "top_tee", "trek", "ul_angle", "umbrella", "ur_angle", "watch", "xterm",
    ];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["default"] = "left_ptr", ["text"] = "xterm", ["pointer"] = "hand2", ["wait"] = "watch", ["progress"] = "watch",
        ["move"] = "fleur", ["help"] = "question_arrow", ["grab"] = "hand1", ["grabbing"] = "fleur", ["not-allowed"] = "X_cursor",
        ["ew-resize"] = "sb_h_double_arrow", ["col-resize"] = "sb_h_double_arrow", ["ns-resize"] = "sb_v_double_arrow", ["row-resize"] = "sb_v_double_arrow",
        ["nw-resize"] = "top_left_corner", ["ne-resize"] = "top_right_corner", ["sw-resize"] = "bottom_left_corner", ["se-resize"] = "bottom_right_corner",
        ["n-resize"] = "top_side", ["s-resize"] = "bottom_side", ["w-resize"] = "left_side", ["e-resize"] = "right_side",
    };

    /// <summary>The CURSOR body for a cursor name (empty or unknown: the default cursor).</summary>
    public static CursorShape ToShape(string name)
    {
        string glyphName = Aliases.TryGetValue(name, out string? alias) ? alias : name;
        int index = Array.IndexOf(FontGlyphs, glyphName);
        return index < 0 ? new CursorShape(0) : CursorShape.FromFontGlyph(2 * index); // glyphs are the even ids
    }
}
