using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Sandcastle.Server.Errors;
using Sandcastle.Server.Execute;
using Sandcastle.Server.Health;
using Sandcastle.Server.Sandboxes;
using Sandcastle.Sessions.Contexts;
using Sandcastle.Sessions.Processes;

namespace Sandcastle.Server.OpenApi;

/// <summary>
/// What the generator cannot see in a minimal API: bodies read by hand (/execute, file uploads), results returned
/// as <c>IResult</c>, server-sent event streams, and the error shapes every endpoint may answer with. <c>GET /</c> is
/// two endpoints (the JSON description, and the playground page a browser's Accept picks), of which the generator
/// keeps one: the operation says both.
/// </summary>
internal sealed class OperationDetailsTransformer : IOpenApiOperationTransformer
{
    private const string Sse = "text/event-stream";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var path = context.Description.RelativePath?.TrimEnd('/').Replace("{**", "{", StringComparison.Ordinal);
        var route = $"{context.Description.HttpMethod} /{path}";
        operation.Responses ??= [];
        switch (route)
        {
            case "POST /execute":
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = await Schema<ExecuteRequestBody>(context, cancellationToken), Example = new JsonObject { ["question"] = "What is 2^10?" } },
                    },
                };
                await Success(operation, context, "200", typeof(ExecuteResponse), cancellationToken,
                    sse: "With Accept: text/event-stream or \"stream\": true, events whose data has a type: start, code_delta, code, stdout, stderr, attempt, complete (the JSON answer's fields) or error.");
                await Errors<ApiError>(operation, context, cancellationToken, "400", "413", "500", "502", "503");
                await Errors<SandboxError>(operation, context, cancellationToken, "401", "429");
                return;
            case "GET /":
                operation.Summary = "This description of the API (JSON); a browser (Accept: text/html) gets the web playground instead.";
                await Success(operation, context, "200", typeof(ServiceInfo), cancellationToken);
                operation.Responses["200"].Content!["text/html"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                return;
            case "GET /playground/{file}":
                operation.Responses["200"] = new OpenApiResponse
                {
                    Description = "A file of the playground (HTML, JavaScript, CSS), with an ETag.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["text/javascript"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                        ["text/css"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                        ["text/html"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                    },
                };
                operation.Responses["404"] = new OpenApiResponse { Description = "No such file." };
                return;
            case "PUT /v1/sandboxes/{id}":
                // fromSnapshot makes a fork: the snapshot must exist, the sandbox must not.
                await Errors<SandboxError>(operation, context, cancellationToken, "409", "413");
                break;
            case "POST /v1/sandboxes/{id}/snapshots/{snapshotId}/restore":
                await Errors<SandboxError>(operation, context, cancellationToken, "413");
                break;
            case "POST /v1/sandboxes/{id}/exec":
                await Success(operation, context, "200", typeof(ExecResponse), cancellationToken,
                    sse: "With Accept: text/event-stream: start (pid, executionId), stdout / stderr (data), then complete (success, exitCode, reason, duration) or error.", sseType: typeof(StreamEvent));
                await Errors<SandboxError>(operation, context, cancellationToken, "429");
                break;
            case "POST /v1/sandboxes/{id}/contexts/{contextId}/run":
                await Success(operation, context, "200", typeof(ContextRunResponse), cancellationToken,
                    sse: "With Accept: text/event-stream: stdout / stderr, result (a MIME bundle), error (name, message, traceback), then complete (executionCount).");
                await Errors<SandboxError>(operation, context, cancellationToken, "429");
                break;
            case "GET /v1/sandboxes/{id}/processes/{processId}/stream":
                operation.Responses["200"] = new OpenApiResponse
                {
                    Description = "The output so far, then as it comes: stdout / stderr events (data), ending with exit (status, exitCode, reason, success) or error.",
                    Content = new Dictionary<string, OpenApiMediaType> { [Sse] = new() { Schema = await Schema<StreamEvent>(context, cancellationToken) } },
                };
                break;
            case "GET /v1/sandboxes/{id}/files/{path}":
                operation.Responses["200"] = new OpenApiResponse
                {
                    Description = "A file's bytes (ranges supported); a directory's listing as JSON; with ?format=json, a file as JSON (text, or base64 for binary).",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/octet-stream"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                        ["application/json"] = new() { Schema = new OpenApiSchema { OneOf = [await Schema<FileListing>(context, cancellationToken), await Schema<FileContentResponse>(context, cancellationToken)] } },
                    },
                };
                break;
            case "PUT /v1/sandboxes/{id}/files/{path}":
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "The file's bytes, or JSON {content, encoding: utf-8 | base64}. Parent directories are created.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/octet-stream"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                        ["application/json"] = new() { Schema = await Schema<FileWriteBody>(context, cancellationToken), Example = new JsonObject { ["content"] = "print('hi')\n", ["encoding"] = "utf-8" } },
                    },
                };
                await Success(operation, context, "200", typeof(FileEntryResponse), cancellationToken);
                await Errors<SandboxError>(operation, context, cancellationToken, "413");
                break;
            case "GET /v1/sandboxes/{id}/exists":
                await Success(operation, context, "200", typeof(ExistsResponse), cancellationToken);
                break;
            case "POST /v1/sandboxes/{id}/mkdir" or "POST /v1/sandboxes/{id}/move":
                await Success(operation, context, "200", typeof(FileEntryResponse), cancellationToken);
                break;
            case "POST /v1/sandboxes/{id}/processes":
                await Success(operation, context, "201", typeof(ProcessSnapshot), cancellationToken);
                break;
            case "POST /v1/sandboxes/{id}/contexts":
                await Success(operation, context, "201", typeof(ContextView), cancellationToken);
                break;
        }
        if (route.Contains(" /v1/", StringComparison.Ordinal))
        {
            await Errors<SandboxError>(operation, context, cancellationToken, "401");
            if (route.Contains("{id}", StringComparison.Ordinal))
                await Errors<SandboxError>(operation, context, cancellationToken, "400", "404");
        }
    }

    private static async Task Success(
        OpenApiOperation operation, OpenApiOperationTransformerContext context, string status, Type type, CancellationToken cancellationToken,
        string? sse = null, Type? sseType = null)
    {
        var content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(type, null, cancellationToken) } };
        if (sse is not null)
            content[Sse] = new OpenApiMediaType { Schema = sseType is null ? new OpenApiSchema { Type = JsonSchemaType.String } : await context.GetOrCreateSchemaAsync(sseType, null, cancellationToken) };
        operation.Responses![status] = new OpenApiResponse { Description = sse is null ? "Success." : $"Success. {sse}", Content = content };
        if (status != "200")
            operation.Responses.Remove("200");
    }

    private static async Task Errors<T>(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken, params string[] statuses)
    {
        foreach (var status in statuses)
        {
            if (operation.Responses!.ContainsKey(status))
                continue;
            operation.Responses[status] = new OpenApiResponse
            {
                Description = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture)),
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = await Schema<T>(context, cancellationToken) } },
            };
        }
    }

    private static Task<OpenApiSchema> Schema<T>(OpenApiOperationTransformerContext context, CancellationToken cancellationToken) =>
        context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
}
