namespace Sandcastle.Client.Tests;

public sealed class FileClientTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>
{
    private readonly SandcastleClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Files_written_by_the_client_are_seen_by_code_and_back()
    {
        var sandbox = await _client.GetSandboxAsync("cl-files", _ct);
        var written = await sandbox.WriteFileAsync("notes/hello world.txt", "héllo\n", _ct);
        Assert.Equal(("notes/hello world.txt", "file", 7L), (written.Path, written.Type, written.Size));
        Assert.Equal("héllo\n", (await sandbox.ExecAsync("cat 'notes/hello world.txt'", cancellationToken: _ct)).Stdout);

        await sandbox.ExecAsync("printf '\\x00\\x01\\xff' > blob.bin && mkdir -p out && echo made > out/made.txt", cancellationToken: _ct);
        Assert.Equal(new byte[] { 0, 1, 255 }, await sandbox.ReadFileBytesAsync("blob.bin", _ct));
        var blob = await sandbox.ReadFileContentAsync("blob.bin", _ct);
        Assert.Equal((true, "base64"), (blob.IsBinary, blob.Encoding));
        Assert.Equal(new byte[] { 0, 1, 255 }, blob.GetBytes());
        Assert.Equal("made\n", await sandbox.ReadFileAsync("out/made.txt", _ct));

        await sandbox.WriteFileAsync("raw.bin", new byte[] { 9, 8, 7 }, _ct);
        using var copy = new MemoryStream();
        await sandbox.CopyFileToAsync("raw.bin", copy, _ct);
        Assert.Equal(new byte[] { 9, 8, 7 }, copy.ToArray());

        var all = await sandbox.ListFilesAsync(recursive: true, cancellationToken: _ct);
        Assert.Contains(all, e => e.Path == "out/made.txt" && e.Type == "file");
        Assert.Contains(all, e => e.Path == "notes" && e.Type == "directory");
        Assert.DoesNotContain(await sandbox.ListFilesAsync("", cancellationToken: _ct), e => e.Path == "out/made.txt");

        Assert.True(await sandbox.ExistsAsync("raw.bin", _ct));
        await sandbox.MakeDirectoryAsync("archive", _ct);
        var moved = await sandbox.MoveAsync("raw.bin", "archive/raw.bin", cancellationToken: _ct);
        Assert.Equal("archive/raw.bin", moved.Path);
        Assert.False(await sandbox.ExistsAsync("raw.bin", _ct));
        await sandbox.DeleteFileAsync("archive", recursive: true, _ct);
        Assert.False(await sandbox.ExistsAsync("archive/raw.bin", _ct));
    }

    [Fact]
    public async Task Dot_segments_are_refused_before_they_can_reach_another_endpoint()
    {
        var victim = await _client.GetSandboxAsync("cl-victim", _ct);
        await victim.WriteFileAsync("keep.txt", "precious", _ct);
        var sandbox = await _client.GetSandboxAsync("cl-dots", _ct);
        // Resolved by the URL, "files/../../cl-victim" would be DELETE /v1/sandboxes/cl-victim.
        Assert.Throws<ArgumentException>(() => sandbox.DeleteFileAsync("../../cl-victim", recursive: true, _ct).GetAwaiter().GetResult());
        Assert.Throws<ArgumentException>(() => sandbox.KillProcessAsync("..", _ct).GetAwaiter().GetResult());
        await Assert.ThrowsAsync<ArgumentException>(() => sandbox.ReadFileAsync("a/./b", _ct));
        Assert.Equal("precious", await victim.ReadFileAsync("keep.txt", _ct));
        Assert.Equal("cl-dots", (await sandbox.RefreshAsync(_ct)).Id);
    }

    [Fact]
    public async Task File_errors_have_their_codes()
    {
        var sandbox = await _client.GetSandboxAsync("cl-files-errors", _ct);
        var missing = await Assert.ThrowsAsync<SandcastleApiException>(() => sandbox.ReadFileAsync("nope.txt", _ct));
        Assert.Equal((404, "file_not_found"), (missing.StatusCode, missing.Code));
        var outside = await Assert.ThrowsAsync<SandcastleApiException>(() => sandbox.MoveAsync("../../../etc/passwd", "stolen", cancellationToken: _ct));
        Assert.Equal((400, "invalid_path"), (outside.StatusCode, outside.Code));
        await sandbox.MakeDirectoryAsync("dir", _ct);
        var directory = await Assert.ThrowsAsync<SandcastleApiException>(() => sandbox.ReadFileAsync("dir", _ct));
        Assert.Equal("not_a_file", directory.Code);
        await sandbox.WriteFileAsync("file.txt", "x", _ct);
        var notDirectory = await Assert.ThrowsAsync<SandcastleApiException>(() => sandbox.ListFilesAsync("file.txt", cancellationToken: _ct));
        Assert.Equal("not_a_directory", notDirectory.Code);
        var notFound = await Assert.ThrowsAsync<SandcastleApiException>(() => sandbox.DeleteFileAsync("ghost", cancellationToken: _ct));
        Assert.Equal((404, "file_not_found"), (notFound.StatusCode, notFound.Code));
    }
}
