using Microsoft.AspNetCore.Http;

namespace Sandcastle.Server.Tenancy;

/// <summary>The caller of a request, set by <see cref="TenantFilter"/> before any sandbox endpoint runs.</summary>
public sealed record Tenant(string Id)
{
    private static readonly object Key = new();

    public static Tenant From(HttpContext context) =>
        context.Items[Key] as Tenant ?? throw new InvalidOperationException("The sandbox API ran without its tenant filter.");

    internal void AttachTo(HttpContext context) => context.Items[Key] = this;
}
