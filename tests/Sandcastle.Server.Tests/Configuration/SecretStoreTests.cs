using Sandcastle.Server.Configuration;

namespace Sandcastle.Server.Tests.Configuration;

public sealed class SecretStoreTests : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("sandcastle-secrets-");

    private string FilePath => Path.Combine(_home.FullName, "config", "sandcastle", "secrets.json");

    [Fact]
    public void Set_CreatesOwnerOnlyFileAndDirectory_AndGetReturnsTheValue()
    {
        var store = new SecretStore(FilePath);
        store.Set("ANTHROPIC_API_KEY", "sk-ant-test-1");

        Assert.Equal("sk-ant-test-1", store.Get("ANTHROPIC_API_KEY"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(FilePath)!));
        Assert.Equal("sk-ant-test-1", new SecretStore(FilePath).Get("ANTHROPIC_API_KEY"));
    }

    [Fact]
    public void List_GivesSortedNamesOnly_AndRemoveDeletesOne()
    {
        var store = new SecretStore(FilePath);
        store.Set("ZETA", "z-value");
        store.Set("ALPHA", "a-value");
        store.Set("ALPHA", "a-value-2");

        Assert.Equal(["ALPHA", "ZETA"], store.List());
        Assert.True(store.Remove("ZETA"));
        Assert.False(store.Remove("ZETA"));
        Assert.Equal(["ALPHA"], store.List());
        Assert.Null(store.Get("ZETA"));
        Assert.Equal("a-value-2", store.Get("ALPHA"));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(FilePath)!, "*.tmp"));
    }

    [Fact]
    public void MissingFile_IsAnEmptyStore()
    {
        var store = new SecretStore(FilePath);
        Assert.Empty(store.List());
        Assert.Null(store.Get("ANTHROPIC_API_KEY"));
        Assert.False(store.Remove("ANTHROPIC_API_KEY"));
        Assert.False(File.Exists(FilePath));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1ABC")]
    [InlineData("A-B")]
    [InlineData("A B")]
    public void InvalidName_IsRejected(string name)
    {
        var store = new SecretStore(FilePath);
        var error = Assert.Throws<ArgumentException>(() => store.Set(name, "value"));
        Assert.Contains("not a valid secret name", error.Message);
    }

    [Fact]
    public void CorruptFile_GivesAClearErrorWithoutItsContent()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        File.WriteAllText(FilePath, "{\"ANTHROPIC_API_KEY\": \"sk-ant-secret-value");
        var error = Assert.Throws<InvalidDataException>(() => new SecretStore(FilePath).List());
        Assert.Contains(FilePath, error.Message);
        Assert.DoesNotContain("sk-ant-secret-value", error.Message);
    }

    [Fact]
    public void DefaultPath_PrefersTheExplicitFile_ThenXdgConfigHome_ThenHome()
    {
        var explicitFile = Path.Combine(_home.FullName, "mine.json");
        Assert.Equal(explicitFile, SecretStore.DefaultPath(name => name switch
        {
            "SANDCASTLE_SECRETS_FILE" => explicitFile,
            "XDG_CONFIG_HOME" => "/elsewhere",
            _ => null,
        }));
        Assert.Equal("/xdg/sandcastle/secrets.json", SecretStore.DefaultPath(name => name == "XDG_CONFIG_HOME" ? "/xdg" : null));
        Assert.Equal("/home/someone/.config/sandcastle/secrets.json", SecretStore.DefaultPath(name => name == "HOME" ? "/home/someone" : null));
    }

    public void Dispose() => _home.Delete(recursive: true);
}
