using System.Text;
using System.Text.Encodings.Web;
using CrmSync.CrmSimulator.Data;

namespace CrmSync.CrmSimulator.Ui;

/// <summary>
/// <c>GET /ui/{entity}/{id}</c>: the page a record's <c>url</c> (its Source CRM URL in Dataverse) opens, so the
/// deep links a sync writes lead somewhere in a demo.
/// </summary>
public static class RecordUi
{
    public static IEndpointConventionBuilder MapRecordUi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/ui/{entity}/{id}", (string entity, string id, RecordStore store) =>
            SimEntities.TryParse(entity, out var resolved) && store.Find(resolved, id) is { } record
                ? Results.Content(Render(record), "text/html; charset=utf-8")
                : Results.Content($"<!doctype html><title>Not found</title><p>There is no {HtmlEncoder.Default.Encode(entity)} '{HtmlEncoder.Default.Encode(id)}'.</p>",
                    "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound));

    private static string Render(SimRecord record)
    {
        var html = new StringBuilder();
        var title = HtmlEncoder.Default.Encode($"{record.Entity.Singular()} {record.Id}");
        html.Append($"<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1><table>");
        var fields = record.Entity.Fields();
        for (var i = 0; i < fields.Count; i++)
        {
            html.Append($"<tr><th>{fields[i]}</th><td>{HtmlEncoder.Default.Encode(record.Values[i] ?? "")}</td></tr>");
        }

        html.Append($"<tr><th>version</th><td>{record.Version}</td></tr><tr><th>updatedAt</th><td>{record.UpdatedAt:O}</td></tr>");
        return html.Append("</table></body></html>").ToString();
    }
}
