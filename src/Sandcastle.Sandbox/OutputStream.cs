namespace Sandcastle.Sandbox;

public enum OutputStream
{
    Stdout,
    Stderr,
}
