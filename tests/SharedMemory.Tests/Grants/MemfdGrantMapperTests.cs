using GuiVirt.Protocol;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.SharedMemory.Interop;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Tests.Grants;

/// <summary>The daemon side, in one process: the bad fds are made here rather than sent.</summary>
[Collection(FdCountingCollection.Name)]
public sealed class MemfdGrantMapperTests
{
    private const long PageBytes = 4096;

    private readonly MemfdGrantAllocator _allocator = new();
    private readonly MemfdGrantMapper _mapper = new();

    [Theory]
    [InlineData(TestFds.Unsealed, ProtocolViolation.GrantNotSealed)]
    [InlineData(TestFds.ShrinkOnly, ProtocolViolation.GrantNotSealed)]
    [InlineData(TestFds.GrowOnly, ProtocolViolation.GrantNotSealed)]
    [InlineData(TestFds.SealOnly, ProtocolViolation.GrantNotSealed)]
    [InlineData(TestFds.Undersized, ProtocolViolation.GrantTooSmall)]
    [InlineData(TestFds.Pipe, ProtocolViolation.GrantNotMemfd)]
    [InlineData(TestFds.RegularFile, ProtocolViolation.GrantNotMemfd)]
    [InlineData(TestFds.DevZero, ProtocolViolation.GrantNotMemfd)]
    [InlineData(TestFds.TmpfsFile, ProtocolViolation.GrantNotMemfd)]
    [InlineData(TestFds.Socket, ProtocolViolation.GrantNotMemfd)]
    public void TryMapRejectsBadFdsAndClosesThem(string kind, ProtocolViolation expected)
    {
        int before = ProcSelf.CountOpenFds();
        SafeFileHandle untrusted = TestFds.Create(kind, PageBytes);

        ProtocolViolation violation = _mapper.TryMap(untrusted, PageBytes, out IMappedGrant? grant);

        Assert.Equal(expected, violation);
        Assert.Null(grant);
        Assert.True(untrusted.IsClosed);
        Assert.Equal(before, ProcSelf.CountOpenFds());
    }

    [Fact]
    public void TryMapRejectsAnInvalidHandle()
    {
        var invalid = new SafeFileHandle(-1, ownsHandle: true);

        Assert.Equal(ProtocolViolation.GrantNotMemfd, _mapper.TryMap(invalid, PageBytes, out IMappedGrant? grant));
        Assert.Null(grant);
    }

    [Fact]
    public void TmpfsFileCanNeverCarryShrinkOrGrowSeals()
    {
        // Why the seal check holds even if the "/memfd:" name test were fooled: a shmem file that
        // is not a memfd comes with SEAL preset, so SHRINK and GROW can never be added.
        using SafeFileHandle file = TestFds.Create(TestFds.TmpfsFile, PageBytes);

        Assert.True(Memfd.TryGetSeals(file, out MemfdSeals seals));
        Assert.Equal(MemfdSeals.Seal, seals);
        Assert.Equal(LibC.EPERM, Memfd.TryAddSeals(file, MemfdSeals.Shrink | MemfdSeals.Grow));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(Limits.MaxGrantBytes + 1)]
    public void TryMapRequiredBytesOutOfRangeIsACallerBugAndStillClosesTheFd(long requiredBytes)
    {
        int before = ProcSelf.CountOpenFds();
        using IAgentGrant agent = _allocator.Allocate(PageBytes);
        SafeFileHandle untrusted = TestFds.Dup(agent.ShareHandle);

        Assert.Throws<ArgumentOutOfRangeException>(() => _mapper.TryMap(untrusted, requiredBytes, out _));

        Assert.True(untrusted.IsClosed);
        agent.Dispose();
        Assert.Equal(before, ProcSelf.CountOpenFds());
    }

    [Fact]
    public void TryMapAcceptsShrinkAndGrowWithoutSeal()
    {
        // SEAL is the agent's business (see MemfdGrantMapper); the daemon needs SHRINK and GROW.
        SafeFileHandle untrusted = TestFds.CreateMemfd(PageBytes, MemfdSeals.Shrink | MemfdSeals.Grow);

        Assert.Equal(ProtocolViolation.None, _mapper.TryMap(untrusted, PageBytes, out IMappedGrant? grant));
        Assert.NotNull(grant);
        grant.Dispose();
    }

    [Fact]
    public void TryMapSuccessClosesTheUntrustedFdAndDisposeReleasesEverything()
    {
        using IAgentGrant agent = _allocator.Allocate(PageBytes);
        int before = ProcSelf.CountOpenFds();
        SafeFileHandle untrusted = TestFds.Dup(agent.ShareHandle);

        Assert.Equal(ProtocolViolation.None, _mapper.TryMap(untrusted, PageBytes, out IMappedGrant? grant));
        Assert.NotNull(grant);

        Assert.True(untrusted.IsClosed);
        Assert.Equal(before + 1, ProcSelf.CountOpenFds()); // only the read-only reopen
        nint address = grant.Address;
        ulong inode = ProcSelf.FindMapping(address).Inode;
        SafeFileHandle readOnly = grant.ReadOnlyHandle;
        grant.Dispose();
        Assert.True(readOnly.IsClosed);
        Assert.Throws<ObjectDisposedException>(() => grant.Address);
        Assert.True(ProcSelf.IsUnmapped(address, inode));
        Assert.Equal(before, ProcSelf.CountOpenFds());
    }

    [Fact]
    public unsafe void MappedGrant_IsReadOnly()
    {
        const long size = 3 * PageBytes;
        using IAgentGrant agent = _allocator.Allocate(size);
        Assert.Equal(ProtocolViolation.None, _mapper.TryMap(TestFds.Dup(agent.ShareHandle), size, out IMappedGrant? grant));
        Assert.NotNull(grant);
        using (grant)
        {
            // The kernel's view of the mapping: readable, shared, never writable.
            (string permissions, long length, _) = ProcSelf.FindMapping(grant.Address);
            Assert.Equal("r--s", permissions);
            Assert.Equal(size, length);

            // The handle is a fresh O_RDONLY open, even though the agent's memfd is O_RDWR...
            int readOnlyFd = checked((int)grant.ReadOnlyHandle.DangerousGetHandle());
            Assert.Equal(LibC.O_RDONLY, LibC.fcntl(readOnlyFd, LibC.F_GETFL) & LibC.O_ACCMODE);

            // ...so neither a new writable mapping of it nor upgrading ours is possible.
            using MappingHandle? writable = Mapping.TryMap(grant.ReadOnlyHandle, size, writable: true, out int errno);
            Assert.Null(writable);
            Assert.Equal(LibC.EACCES, errno);
            Assert.Equal(-1, LibC.mprotect((void*)grant.Address, (size_t)(ulong)size, LibC.PROT_READ | LibC.PROT_WRITE));
            Assert.Equal(LibC.EACCES, LibC.errno);
        }
    }

    [Fact]
    public void TryMapRefusesAFileLargerThanTheRequiredSizeWhichTheXServerWouldMapWhole()
    {
        using IAgentGrant agent = _allocator.Allocate(16 * PageBytes);
        Assert.Equal(ProtocolViolation.GrantTooLarge, _mapper.TryMap(TestFds.Dup(agent.ShareHandle), PageBytes, out IMappedGrant? grant));
        Assert.Null(grant);
    }

    [Fact]
    public void TryMapAcceptsTheRequiredSizeRoundedUpToAPageAndMapsOnlyTheRequiredBytes()
    {
        using IAgentGrant agent = _allocator.Allocate(PageBytes);
        Assert.Equal(ProtocolViolation.None, _mapper.TryMap(TestFds.Dup(agent.ShareHandle), PageBytes - 100, out IMappedGrant? grant));
        using (grant)
        {
            Assert.Equal(PageBytes - 100, grant!.Size);
        }
    }

    [Fact]
    public void TryMapExactSizeAcceptsOnlyExactlyTheRequiredBytesAsAClipboardImageNeeds()
    {
        const long Image = 10 * 10 * 4; // a 10 x 10 clipboard image
        using IAgentGrant exact = _allocator.Allocate(Image);
        Assert.Equal(ProtocolViolation.None, _mapper.TryMap(TestFds.Dup(exact.ShareHandle), Image, out IMappedGrant? grant, exactSize: true));
        using (grant)
        {
            Assert.Equal(Image, grant!.Size);
        }

        // Four bytes more: within the page a WINDOW_DUMP may round up to, but not exact.
        using IAgentGrant longer = _allocator.Allocate(Image + 4);
        Assert.Equal(ProtocolViolation.None, _mapper.TryMap(TestFds.Dup(longer.ShareHandle), Image, out IMappedGrant? rounded));
        rounded!.Dispose();
        Assert.Equal(ProtocolViolation.GrantTooLarge, _mapper.TryMap(TestFds.Dup(longer.ShareHandle), Image, out IMappedGrant? refused, exactSize: true));
        Assert.Null(refused);

        using IAgentGrant shorter = _allocator.Allocate(Image - 4);
        Assert.Equal(ProtocolViolation.GrantTooSmall, _mapper.TryMap(TestFds.Dup(shorter.ShareHandle), Image, out _, exactSize: true));
    }

    [Fact]
    public unsafe void AgentWrites_AreVisibleThroughTheDaemonsMapping()
    {
        using IAgentGrant agent = _allocator.Allocate(PageBytes);
        Assert.Equal(ProtocolViolation.None, _mapper.TryMap(TestFds.Dup(agent.ShareHandle), PageBytes, out IMappedGrant? grant));
        Assert.NotNull(grant);
        using (grant)
        {
            GuiVirt.GrantPeer.PeerProtocol.Fill(new Span<byte>((void*)agent.Address, checked((int)agent.Size)));

            Assert.Equal(-1, GuiVirt.GrantPeer.PeerProtocol.FirstMismatch(TestFds.View(grant)));
        }
    }
}
