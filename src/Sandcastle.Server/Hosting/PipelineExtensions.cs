using Microsoft.AspNetCore.Builder;
using Sandcastle.Server.Errors;
using Sandcastle.Server.Previews;

namespace Sandcastle.Server.Hosting;

public static class PipelineExtensions
{
    /// <summary>The middleware every request passes, in order: one line per part.</summary>
    public static WebApplication UseSandcastlePipeline(this WebApplication app)
    {
        app.UseSandcastleErrors();
        app.UseMiddleware<PreviewHostMiddleware>();
        app.UseMiddleware<RequestShapeMiddleware>();
        app.UseRouting();
        app.UseMiddleware<BrowserAccessMiddleware>();
        app.UseMiddleware<Cluster.OwnerForwardingMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        return app;
    }
}
