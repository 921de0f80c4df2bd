using System.Runtime.InteropServices;

namespace GuiVirt.TestApp;

/// <summary>struct pollfd: int fd; short events; short revents.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public const short In = 0x001;

    public int Fd;
    public short Events;
    public short ReturnedEvents;
}
