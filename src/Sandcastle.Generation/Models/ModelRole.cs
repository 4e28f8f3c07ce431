namespace Sandcastle.Generation.Models;

public enum ModelRole
{
    User,
    Assistant,
}
