using GuiVirt.X11.Interop;

namespace GuiVirt.X11;

/// <summary>Selections (the clipboard), ICCCM style.</summary>
public sealed unsafe partial class XDisplay
{
    /// <summary>Takes ownership of <paramref name="selection"/> for <paramref name="owner"/>; false if the server did not give it.</summary>
    public bool SetSelectionOwner(XAtom selection, XWindow owner)
    {
        _ = Xlib.XSetSelectionOwner(Raw, selection.Id, owner.Id, 0);
        return GetSelectionOwner(selection) == owner;
    }

    /// <summary>The current owner of a selection, or None.</summary>
    public XWindow GetSelectionOwner(XAtom selection) => new(Xlib.XGetSelectionOwner(Raw, selection.Id));

    /// <summary>Asks the owner to convert <paramref name="selection"/> to <paramref name="target"/> into a property of <paramref name="requestor"/>.</summary>
    public void ConvertSelection(XAtom selection, XAtom target, XAtom property, XWindow requestor) =>
        Xlib.XConvertSelection(Raw, selection.Id, target.Id, property.Id, requestor.Id, 0);

    /// <summary>Answers a SelectionRequest: <paramref name="property"/> None means "refused".</summary>
    public void SendSelectionNotify(XWindow requestor, XAtom selection, XAtom target, XAtom property, nuint time)
    {
        XEvent ev = default;
        var notify = (XSelectionEvent*)&ev;
        notify->Type = XEventType.SelectionNotify;
        notify->Requestor = requestor.Id;
        notify->Selection = selection.Id;
        notify->Target = target.Id;
        notify->Property = property.Id;
        notify->Time = time;
        _ = Xlib.XSendEvent(Raw, requestor.Id, 0, 0, &ev);
    }
}
