using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Net.Http.Headers;

namespace Sandcastle.Server.Web;

/// <summary>
/// Where a page and an API endpoint share a route (<c>GET /</c>), a request that accepts text/html gets the page
/// and every other request (curl, the seed's clients, <c>Accept: application/json</c>) keeps the API's answer.
/// Done in routing rather than in either endpoint, so the API endpoint needs no knowledge of the page.
/// </summary>
internal sealed class BrowserPageMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    // After the HTTP method policy, so only same-method candidates are left to choose between.
    public override int Order => 1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e.Metadata.GetMetadata<BrowserPageMetadata>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var wantsPage = AcceptsHtml(httpContext.Request);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!candidates.IsValidCandidate(i))
                continue;
            var isPage = candidates[i].Endpoint.Metadata.GetMetadata<BrowserPageMetadata>() is not null;
            if (isPage != wantsPage && HasOtherValid(candidates, i))
                candidates.SetValidity(i, false);
        }
        return Task.CompletedTask;
    }

    /// <summary>True when text/html is asked for explicitly (browsers); a bare <c>*/*</c> is not enough.</summary>
    private static bool AcceptsHtml(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
        && accepted.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) && a.Quality is not 0);

    private static bool HasOtherValid(CandidateSet candidates, int except)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            if (i != except && candidates.IsValidCandidate(i))
                return true;
        }
        return false;
    }
}
