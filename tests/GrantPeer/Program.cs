// GrantPeer: the other process in two-process grant tests. It plays the agent (a well-formed
// sealed grant) or an attacker (unsealed or partly sealed memfds, fds that are not memfds, a
// truncation attack on a grant the test has mapped). See PeerProtocol for the conversation.
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using GuiVirt.GrantPeer;
using GuiVirt.SharedMemory.Grants;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

if (args.Length != 3 || !long.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out long size) || size < 1)
{
    await Console.Error.WriteLineAsync("usage: GuiVirt.GrantPeer SOCKET MODE SIZE").ConfigureAwait(false);
    return 2;
}
string socketPath = args[0];
string mode = args[1];

using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
socket.Connect(new UnixDomainSocketEndPoint(socketPath));
// The fd goes out first with sendmsg; only then do we wrap the socket for lines, so no
// buffering layer can sit between the two.
using var stream = new NetworkStream(socket, ownsSocket: false);
using var reader = new StreamReader(stream, new UTF8Encoding(false));
using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n", AutoFlush = true };

switch (mode)
{
    case PeerProtocol.Sealed:
        RunSealed(size);
        break;
    case PeerProtocol.Unsealed:
        SendAndWait(CreateMemfd(size, seals: 0));
        break;
    case PeerProtocol.ShrinkOnly:
        SendAndWait(CreateMemfd(size, LibC.F_SEAL_SHRINK));
        break;
    case PeerProtocol.GrowOnly:
        SendAndWait(CreateMemfd(size, LibC.F_SEAL_GROW));
        break;
    case PeerProtocol.Pipe:
        SendAndWait(CreatePipeReadEnd());
        break;
    case PeerProtocol.RegularFile:
        SendAndWait(CreateDeletedFile(size));
        break;
    case PeerProtocol.DevZero:
        SendAndWait(File.OpenHandle("/dev/zero", FileMode.Open, FileAccess.ReadWrite));
        break;
    default:
        await Console.Error.WriteLineAsync($"unknown mode {mode}").ConfigureAwait(false);
        return 2;
}
return 0;

// The well-behaved agent, then the attacker once the test has mapped the grant.
unsafe void RunSealed(long sizeBytes)
{
    using IAgentGrant grant = new MemfdGrantAllocator().Allocate(sizeBytes);
    var pixels = new Span<byte>((void*)grant.Address, checked((int)grant.Size));
    PeerProtocol.Fill(pixels);
    TestFdPassing.Send(socket, PeerProtocol.FdTag, grant.ShareHandle);

    int fd = checked((int)grant.ShareHandle.DangerousGetHandle());
    writer.WriteLine($"seals shrink={TruncateErrno(fd, sizeBytes - 1)} grow={TruncateErrno(fd, sizeBytes + 1)}");

    if (reader.ReadLine() != PeerProtocol.Mapped)
    {
        return; // the test rejected or did not map the grant: nothing to attack
    }
    // What a hostile qube would try: cut the buffer under the daemon's mapping (SIGBUS for the
    // daemon if it worked), grow it, or add a seal that changes the rules.
    int shrink = TruncateErrno(fd, 0);
    int grow = TruncateErrno(fd, checked(sizeBytes * 2));
    int addSeal = LibC.fcntl(fd, LibC.F_ADD_SEALS, LibC.F_SEAL_WRITE) < 0 ? LibC.errno : 0;
    writer.WriteLine($"attack shrink={shrink} grow={grow} addseal={addSeal}");

    // Pixels written after the daemon mapped the grant must reach it (the whole point of sharing).
    pixels[0] = PeerProtocol.Rewritten(0);
    pixels[^1] = PeerProtocol.Rewritten(sizeBytes - 1);
    writer.WriteLine("written");
    _ = reader.ReadLine();
}

void SendAndWait(SafeFileHandle fd)
{
    using (fd)
    {
        TestFdPassing.Send(socket, PeerProtocol.FdTag, fd);
        _ = reader.ReadLine(); // keep our end open until the test is done with its copy
    }
}

static int TruncateErrno(int fd, long length) => LibC.ftruncate(fd, length) < 0 ? LibC.errno : 0;

static unsafe SafeFileHandle CreateMemfd(long sizeBytes, int seals)
{
    byte* name = stackalloc byte[] { (byte)'p', (byte)'e', (byte)'e', (byte)'r', 0 };
    int fd = LibC.memfd_create(name, LibC.MFD_ALLOW_SEALING | LibC.MFD_CLOEXEC);
    if (fd < 0)
    {
        throw new IOException($"memfd_create: errno {LibC.errno}");
    }
    var handle = new SafeFileHandle(fd, ownsHandle: true);
    if (LibC.ftruncate(fd, sizeBytes) < 0 || (seals != 0 && LibC.fcntl(fd, LibC.F_ADD_SEALS, seals) < 0))
    {
        int errno = LibC.errno;
        handle.Dispose();
        throw new IOException($"memfd setup: errno {errno}");
    }
    return handle;
}

static unsafe SafeFileHandle CreatePipeReadEnd()
{
    int* fds = stackalloc int[2];
    if (LibC.pipe2(fds, LibC.O_CLOEXEC) < 0)
    {
        throw new IOException($"pipe2: errno {LibC.errno}");
    }
    // The write end leaks into nothing (CLOEXEC) and dies with this short-lived process.
    return new SafeFileHandle(fds[0], ownsHandle: true);
}

static SafeFileHandle CreateDeletedFile(long sizeBytes)
{
    string path = Path.GetTempFileName();
    try
    {
        SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        RandomAccess.SetLength(handle, sizeBytes);
        return handle;
    }
    finally
    {
        File.Delete(path);
    }
}
