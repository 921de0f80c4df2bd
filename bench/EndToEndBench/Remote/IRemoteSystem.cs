namespace GuiVirt.EndToEndBench.Remote;

/// <summary>
/// A way of showing a far machine's app on the host through one TCP connection (the emulated link):
/// xpra over TCP, or a GuiVirt remote qube over SSH. The far side and the host side share this
/// machine; the relay between them is the only path their bytes take.
/// </summary>
internal interface IRemoteSystem : IDisposable
{
    string Name { get; }

    /// <summary>Why this system cannot be measured in this checkout, or null when it can.</summary>
    string? Unavailable { get; }

    /// <summary>How far a shown pixel's red and green may be from the app's (a lossy encoder's error) for the observer to recognise the frame.</summary>
    int Tolerance { get; }

    /// <summary>The TCP endpoint on the far side that the link's relay forwards to.</summary>
    System.Net.IPEndPoint FarEndpoint { get; }

    /// <summary>Connects the host side through <paramref name="relay"/> (a new link: the last connection is closed first).</summary>
    void Connect(LinkRelay relay);

    /// <summary>Starts a TestApp on the far side with <paramref name="appArguments"/> (everything but --display and --log).</summary>
    AppRun StartApp(IReadOnlyList<string> appArguments, string tag);

    /// <summary>The far side's processes that carry the app's window (name, PID, with descendants).</summary>
    IReadOnlyList<(string Name, int ProcessId, bool Tree)> FarSide(AppRun app);

    /// <summary>The host side's processes that show it.</summary>
    IReadOnlyList<(string Name, int ProcessId, bool Tree)> HostSide(AppRun app);
}
