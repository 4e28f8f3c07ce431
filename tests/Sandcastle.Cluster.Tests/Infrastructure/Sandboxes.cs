using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sandcastle.Cluster.Tests.Infrastructure;

/// <summary>The sandbox API calls the scenarios make, through whichever node they are given.</summary>
public static class Sandboxes
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Creates the sandbox and returns the node it woke on (the response's <c>node</c>).</summary>
    public static async Task<string> CreateAsync(ClusterNode via, string id)
    {
        using var response = await via.Http.PutAsJsonAsync($"/v1/sandboxes/{id}", new { }, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"PUT {id} via {via.Name}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("node").GetString()!;
    }

    public static async Task<string> NodeOfAsync(ClusterNode via, string id)
    {
        var body = await via.Http.GetStringAsync($"/v1/sandboxes/{id}", Cancel);
        return JsonDocument.Parse(body).RootElement.GetProperty("node").GetString()!;
    }

    public static async Task WriteFileAsync(ClusterNode via, string id, string path, string content)
    {
        using var response = await via.Http.PutAsJsonAsync($"/v1/sandboxes/{id}/files/{path}", new { content }, Cancel);
        Assert.True(response.IsSuccessStatusCode, $"write {path} via {via.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
    }

    public static async Task<(HttpStatusCode Status, string Body)> ReadFileAsync(ClusterNode via, string id, string path)
    {
        using var response = await via.Http.GetAsync($"/v1/sandboxes/{id}/files/{path}", Cancel);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Cancel));
    }

    public static async Task<JsonElement> ExecAsync(ClusterNode via, string id, string command)
    {
        using var response = await via.Http.PostAsJsonAsync($"/v1/sandboxes/{id}/exec", new { command }, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.IsSuccessStatusCode, $"exec via {via.Name}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Until <paramref name="condition"/> holds or the time is up; false if it never did.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (await condition())
                return true;
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(100, Cancel);
        }
    }

    /// <summary>The sandbox has a failover snapshot (the automatic one, listed with its snapshots) newer than <paramref name="after"/>.</summary>
    public static async Task<bool> HasFailoverSnapshotAfterAsync(ClusterNode via, string id, DateTimeOffset after)
    {
        using var response = await via.Http.GetAsync($"/v1/sandboxes/{id}/snapshots", Cancel);
        if (!response.IsSuccessStatusCode)
            return false;
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;
        var list = body.ValueKind == JsonValueKind.Array ? body : body.GetProperty("snapshots");
        return list.EnumerateArray().Any(s => s.GetProperty("id").GetString()!.StartsWith("auto-", StringComparison.Ordinal)
            && s.GetProperty("createdAt").GetDateTimeOffset() > after);
    }
}
