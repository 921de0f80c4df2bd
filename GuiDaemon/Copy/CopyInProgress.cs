using GuiVirt.GuiDaemon.Control;
using GuiVirt.GuiDaemon.Session;

namespace GuiVirt.GuiDaemon.Copy;

/// <summary>Where the one copy in progress is: which file, which step, and what is in flight each way.</summary>
internal sealed class CopyInProgress(QubeSession source, QubeSession target, IReadOnlyList<string> paths)
{
    public QubeSession Source { get; } = source;

    public QubeSession Target { get; } = target;

    /// <summary>The user's paths in the source qube, sent one at a time.</summary>
    public IReadOnlyList<string> Paths { get; } = paths;

    /// <summary>Completed with the answer `guivirt copy` waits for.</summary>
    public TaskCompletionSource<ControlResponse> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Which of <see cref="Paths"/> is being copied.</summary>
    public int Index { get; set; }

    public CopyStep Step { get; set; } = CopyStep.AwaitingHeader;

    /// <summary>The current file's validated name and announced size.</summary>
    public string Name { get; set; } = "";

    public long Size { get; set; }

    /// <summary>Bytes of the current file relayed so far: never more than <see cref="Size"/>.</summary>
    public long Received { get; set; }

    /// <summary>FILE_DATA of the source not yet acknowledged: at most Limits.FileChunksInFlight.</summary>
    public int SourceUnacknowledged { get; set; }

    /// <summary>FILE_DATA and FILE_END sent to the target and not yet acknowledged by it.</summary>
    public int TargetOutstanding { get; set; }

    /// <summary>Files and bytes completed.</summary>
    public int Files { get; set; }

    public long Bytes { get; set; }

    /// <summary>When the copy fails unless the waited-for qube makes a step.</summary>
    public DateTime Deadline { get; set; }

    public string Describe => $"{Source.Qube.Name} to {Target.Qube.Name}";
}
