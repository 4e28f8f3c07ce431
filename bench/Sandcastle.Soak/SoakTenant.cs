using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Sandcastle.Soak;

/// <summary>One tenant of a soak server (an API key), with the API calls the soak makes.</summary>
internal sealed class SoakTenant(string name, HttpClient http)
{
    public string Name { get; } = name;

    public HttpClient Http { get; } = http;

    public async Task CreateSandboxAsync(string id)
    {
        using var response = await Http.PutAsJsonAsync($"/v1/sandboxes/{id}", new { });
        await RequireAsync(response, $"PUT sandbox {id}");
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> ExecAsync(string id, string command, int timeoutMs = 30_000)
    {
        using var response = await Http.PostAsJsonAsync($"/v1/sandboxes/{id}/exec", new { command, timeoutMs });
        return (response.StatusCode, await BodyAsync(response));
    }

    public async Task WriteFileAsync(string id, string path, string content)
    {
        using var response = await Http.PutAsync($"/v1/sandboxes/{id}/files/{path}", new StringContent(content, Encoding.UTF8, "application/octet-stream"));
        await RequireAsync(response, $"PUT file {path}");
    }

    public async Task<string> CreateContextAsync(string id)
    {
        using var response = await Http.PostAsJsonAsync($"/v1/sandboxes/{id}/contexts", new { language = "python" });
        await RequireAsync(response, "POST context");
        return (await BodyAsync(response)).GetProperty("id").GetString()!;
    }

    /// <summary>The cell's stdout, or the failure said as text.</summary>
    public async Task<string> RunCellAsync(string id, string context, string code)
    {
        using var response = await Http.PostAsJsonAsync($"/v1/sandboxes/{id}/contexts/{context}/run", new { code, timeoutMs = 30_000 });
        var body = await BodyAsync(response);
        if (!response.IsSuccessStatusCode)
            return $"HTTP {(int)response.StatusCode} {body}";
        return body.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
            ? $"error {error}"
            : string.Concat(body.GetProperty("logs").GetProperty("stdout").EnumerateArray().Select(s => s.GetString()));
    }

    public async Task<string> StartProcessAsync(string id, string command)
    {
        using var response = await Http.PostAsJsonAsync($"/v1/sandboxes/{id}/processes", new { command });
        await RequireAsync(response, "POST process");
        return (await BodyAsync(response)).GetProperty("id").GetString()!;
    }

    /// <summary>The process's output once it has ended (bounded wait), or what went wrong.</summary>
    public async Task<string> ProcessOutputAsync(string id, string process, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            using var response = await Http.GetAsync($"/v1/sandboxes/{id}/processes/{process}/logs");
            var body = await BodyAsync(response);
            if (!response.IsSuccessStatusCode)
                return $"HTTP {(int)response.StatusCode} {body}";
            var status = body.GetProperty("status").GetString();
            if (status != "running")
                return $"{status}:{body.GetProperty("stdout").GetString()}";
            if (DateTime.UtcNow > deadline)
                return "still running";
            await Task.Delay(100);
        }
    }

    public async Task<HttpStatusCode> DeleteSandboxAsync(string id)
    {
        using var response = await Http.DeleteAsync($"/v1/sandboxes/{id}");
        return response.StatusCode;
    }

    public async Task<List<string>> ListSandboxesAsync()
    {
        using var response = await Http.GetAsync("/v1/sandboxes");
        await RequireAsync(response, "GET sandboxes");
        return [.. (await BodyAsync(response)).GetProperty("sandboxes").EnumerateArray().Select(s => s.GetProperty("id").GetString()!)];
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonDocument.Parse(JsonSerializer.Serialize(text)).RootElement.Clone();
        }
    }

    private static async Task RequireAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{what}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
