using Orleans.Serialization;
using Orleans.Storage;

namespace Sandcastle.Sessions.Cluster;

/// <summary>Grain state in Redis in the Orleans binary format, like the single node's SQLite: it tolerates added and removed [Id] members.</summary>
internal sealed class OrleansStateSerializer(Serializer serializer) : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => new(serializer.SerializeToArray(input));

    public T Deserialize<T>(BinaryData input) => serializer.Deserialize<T>(input.ToArray())!;
}
