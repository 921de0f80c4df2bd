namespace GuiVirt.GuiDaemon.Host;

/// <summary>An image over a grant attached to the host display, made by <see cref="IHostDisplay.CreateShmImage"/>.</summary>
internal interface IHostImage : IDisposable
{
}
