using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.SharedMemory.Grants;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.Agent.Tests;

/// <summary>What the fake daemon received, with each window's current grant mapped read-only.</summary>
internal sealed class ReceivedLog : IMessagesFromAgent, IDisposable
{
    private readonly List<(MessageType Type, WindowId Window, object? Body)> _messages = [];
    private readonly Dictionary<WindowId, (WindowDump Dump, IMappedGrant Grant)> _grants = [];
    private readonly MemfdGrantMapper _mapper = new();

    public MessageChannel? Channel { get; set; }

    /// <summary>More to say when a wait times out (the agent's own log).</summary>
    public Func<string> Diagnostics { get; set; } = () => "";

    /// <summary>A copy of the messages so far (taken under the reader's lock).</summary>
    public IReadOnlyList<(MessageType Type, WindowId Window, object? Body)> Snapshot()
    {
        lock (this)
        {
            return [.. _messages];
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds on a snapshot, or fails the test.</summary>
    public async Task<IReadOnlyList<(MessageType Type, WindowId Window, object? Body)>> WaitForAsync(
        Func<IReadOnlyList<(MessageType Type, WindowId Window, object? Body)>, bool> condition, string what, double seconds = 15)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var snapshot = Snapshot();
            if (condition(snapshot))
            {
                return snapshot;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}; received: {string.Join(", ", snapshot.Select(m => $"{m.Type}({m.Window})"))}\n{Diagnostics()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Polls until the window's grant is <paramref name="width"/>x<paramref name="height"/> and holds <paramref name="expected"/> (0x00RRGGBB, pad byte ignored).</summary>
    public async Task WaitForPixelsAsync(WindowId window, int width, int height, uint[] expected)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        string last = "no grant yet";
        while (DateTime.UtcNow < deadline)
        {
            byte[]? pixels = GrantPixels(window, out WindowDump dump);
            if (pixels is not null && dump.Width == width && dump.Height == height)
            {
                ReadOnlySpan<uint> actual = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(pixels);
                int wrong = 0;
                for (int i = 0; i < actual.Length; i++)
                {
                    wrong += (actual[i] & 0x00FF_FFFF) == expected[i] ? 0 : 1;
                }

                if (wrong == 0)
                {
                    return;
                }

                last = $"{wrong} of {expected.Length} pixels differ";
            }
            else if (pixels is not null)
            {
                last = $"grant is {dump.Width}x{dump.Height}";
            }

            await Task.Delay(50);
        }

        Assert.Fail($"the grant of {window} never showed the expected {width}x{height} picture: {last}\n{Diagnostics()}");
    }

    /// <summary>The window's pixels as the daemon sees them: rows of width x 4 bytes.</summary>
    public byte[]? GrantPixels(WindowId window, out WindowDump dump)
    {
        lock (this)
        {
            if (!_grants.TryGetValue(window, out var current))
            {
                dump = default;
                return null;
            }

            dump = current.Dump;
            var pixels = new byte[current.Dump.Width * current.Dump.Height * 4];
            unsafe
            {
                for (int row = 0; row < current.Dump.Height; row++)
                {
                    new ReadOnlySpan<byte>((byte*)current.Grant.Address + ((long)row * current.Dump.Stride), current.Dump.Width * 4)
                        .CopyTo(pixels.AsSpan(row * current.Dump.Width * 4));
                }
            }

            return pixels;
        }
    }

    public void OnCreate(WindowId window, Create create) => Add(MessageType.Create, window, create);

    public void OnDestroy(WindowId window)
    {
        Add(MessageType.Destroy, window, null);
        if (_grants.Remove(window, out var grant))
        {
            grant.Grant.Dispose();
        }

        Channel?.SendEmpty(MessageType.Destroy, window); // acknowledged, as the daemon does
    }

    public void OnMap(WindowId window, MapInfo map) => Add(MessageType.Map, window, map);
    public void OnUnmap(WindowId window) => Add(MessageType.Unmap, window, null);
    public void OnConfigure(WindowId window, Configure configure) => Add(MessageType.Configure, window, configure);
    public void OnShmImage(WindowId window, ShmImage image) => Add(MessageType.ShmImage, window, image);
    public void OnClipboardData(ReadOnlySpan<byte> untrustedText) => Add(MessageType.ClipboardData, WindowId.None, untrustedText.ToArray());
    public void OnWindowName(WindowId window, WindowName name) => Add(MessageType.WindowName, window, name);
    public void OnDock(WindowId window) => Add(MessageType.Dock, window, null);
    public void OnWindowHints(WindowId window, WindowHints hints) => Add(MessageType.WindowHints, window, hints);
    public void OnWindowType(WindowId window, WindowType type) => Add(MessageType.WindowType, window, type);
    public void OnWindowFlags(WindowId window, WindowFlags flags) => Add(MessageType.WindowFlags, window, flags);
    public void OnWindowClass(WindowId window, WindowClass windowClass) => Add(MessageType.WindowClass, window, windowClass);
    public void OnCursor(WindowId window, CursorShape cursor) => Add(MessageType.Cursor, window, cursor);

    public void OnWindowDump(WindowId window, WindowDump dump, SafeFileHandle untrustedGrantFd)
    {
        ProtocolViolation violation = _mapper.TryMap(untrustedGrantFd, dump.RequiredBytes, out IMappedGrant? grant);
        Assert.Equal(ProtocolViolation.None, violation);
        if (_grants.Remove(window, out var previous))
        {
            previous.Grant.Dispose();
            Channel?.SendEmpty(MessageType.WindowDumpAck, window); // the old buffer is no longer shown
        }

        _grants[window] = (dump, grant!);
        Add(MessageType.WindowDump, window, dump);
    }

    public void Dispose()
    {
        lock (this)
        {
            foreach (var grant in _grants.Values)
            {
                grant.Grant.Dispose();
            }

            _grants.Clear();
        }
    }

    private void Add(MessageType type, WindowId window, object? body) => _messages.Add((type, window, body));
}
