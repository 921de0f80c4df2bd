namespace GuiVirt.Protocol.Messages;

/// <summary>WINDOW_FLAGS bits (Qubes WINDOW_FLAG_*).</summary>
[Flags]
public enum WindowStateFlags : uint
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>The window wants the whole screen (the daemon's policy decides).</summary>
    Fullscreen = 1 << 0,
    /// <summary>The window wants the user's attention (urgency).</summary>
    DemandsAttention = 1 << 1,
    /// <summary>The window is minimized (iconified).</summary>
    Minimize = 1 << 2,
}
