namespace Sandcastle.Sandbox.Network;

/// <summary>
/// Holds a forked execution's door, which opens only once a spare is chosen (and again if that spare dies first);
/// disposed with the execution, including a door that opens after that.
/// </summary>
internal sealed class DoorSlot : IDisposable
{
    private readonly Lock _lock = new();
    private NetworkDoor? _door;
    private bool _disposed;

    public void Set(NetworkDoor door)
    {
        NetworkDoor? previous;
        bool kept;
        lock (_lock)
        {
            previous = _door;
            kept = !_disposed;
            _door = kept ? door : null;
        }
        previous?.Dispose();
        if (!kept)
            door.Dispose();
    }

    public void Dispose()
    {
        NetworkDoor? door;
        lock (_lock)
        {
            _disposed = true;
            door = _door;
            _door = null;
        }
        door?.Dispose();
    }
}
