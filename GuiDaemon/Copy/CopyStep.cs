namespace GuiVirt.GuiDaemon.Copy;

/// <summary>The step the copy waits for.</summary>
internal enum CopyStep
{
    /// <summary>The source's FILE_HEADER (or FILE_ERROR) for the path it was sent.</summary>
    AwaitingHeader,

    /// <summary>The source's FILE_DATA and FILE_END, relayed to the target; the target's FILE_ACK, relayed to the source.</summary>
    Data,

    /// <summary>FILE_END went to the target: its last acknowledgements.</summary>
    Closing,
}
