using System.Text.Json.Nodes;

namespace CrmSync.Dataverse.Tests;

public class DataverseBatchTests
{
    private static readonly Uri WebApi = new("https://org.crm.dynamics.com/api/data/v9.2/");

    [Fact]
    public async Task BuildsOnePartPerRowWithContinueOnError()
    {
        var id = Guid.NewGuid();
        using var request = DataverseBatch.BuildRequest(WebApi, [
            new RowWrite(DataverseTables.Account, id, new JsonObject { ["name"] = "A" }),
            new RowWrite(DataverseTables.Contact, id, null, ETag: "W/\"7\""),
            new RowWrite(DataverseTables.Account, id, new JsonObject { ["name"] = "B" }, ETag: "W/\"8\""),
        ]);
        var body = await request.Content!.ReadAsStringAsync();
        var boundary = request.Content.Headers.ContentType!.Parameters.Single(p => p.Name == "boundary").Value!;

        Assert.Equal("odata.continue-on-error", request.Headers.GetValues("Prefer").Single());
        Assert.StartsWith("batch_", boundary);
        Assert.Contains($"PATCH https://org.crm.dynamics.com/api/data/v9.2/accounts({id})?$select=versionnumber HTTP/1.1\r\nPrefer: return=representation\r\nContent-Type: application/json; type=entry\r\n\r\n{{\"name\":\"A\"}}\r\n", body);
        Assert.Contains($"DELETE https://org.crm.dynamics.com/api/data/v9.2/contacts({id}) HTTP/1.1\r\nIf-Match: W/\"7\"\r\n\r\n", body);
        Assert.Contains($"PATCH https://org.crm.dynamics.com/api/data/v9.2/accounts({id})?$select=versionnumber HTTP/1.1\r\nIf-Match: W/\"8\"\r\nPrefer: return=representation\r\n", body);
        Assert.EndsWith($"--{boundary}--\r\n", body);
    }

    [Fact]
    public void ReadsEachPartsOutcomeInOrder()
    {
        const string response =
            "--batchresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 204 No Content\r\nOData-Version: 4.0\r\n\r\n\r\n" +
            "--batchresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; odata.metadata=minimal\r\nOData-Version: 4.0\r\n\r\n" +
            "{\"error\":{\"code\":\"0x80044331\",\"message\":\"A validation error occurred.\"}}\r\n" +
            "--batchresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n{\"error\":{\"code\":\"0x80040217\",\"message\":\"account With Id = 1 Does Not Exist\"}}\r\n" +
            "--batchresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n{\"error\":{\"code\":\"0x80040217\",\"message\":\"contact With Id = 2 Does Not Exist\"}}\r\n" +
            "--batchresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\n\r\n{\"error\":{\"code\":\"0x80072322\",\"message\":\"Number of requests exceeded the limit\"}}\r\n" +
            "--batchresponse_1--\r\n";
        RowWrite[] writes =
        [
            Upsert(), Upsert(), Upsert(), new(DataverseTables.Contact, Guid.NewGuid(), null), Upsert(), Upsert(),
        ];

        var results = DataverseBatch.ParseResponse("multipart/mixed; boundary=batchresponse_1", response, writes);

        Assert.Equal(
            [WriteStatus.Written, WriteStatus.Refused, WriteStatus.MissingParent, WriteStatus.Written, WriteStatus.Transient, WriteStatus.Transient],
            results.Select(r => r.Status));
        Assert.Contains("0x80044331", results[1].Error);
        Assert.Equal(TimeSpan.FromSeconds(7), results[4].RetryAfter);
    }

    [Fact]
    public void ReadsAWrittenRowsNewETagAndA412ToIfMatchAsAnEdit()
    {
        const string response =
            "--batchresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 200 OK\r\nContent-Type: application/json; odata.metadata=minimal\r\nETag: W/\"42\"\r\n\r\n{\"@odata.etag\":\"W/\\\"42\\\"\"}\r\n" +
            "--batchresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 412 Precondition Failed\r\nContent-Type: application/json\r\n\r\n" +
            "{\"error\":{\"code\":\"0x80060882\",\"message\":\"The version of the existing record doesn't match the RowVersion property provided.\"}}\r\n" +
            "--batchresponse_1--\r\n";

        var results = DataverseBatch.ParseResponse("multipart/mixed; boundary=batchresponse_1", response, [Upsert(), Upsert()]);

        Assert.Equal((WriteStatus.Written, "W/\"42\""), (results[0].Status, results[0].ETag));
        Assert.Equal(WriteStatus.EditedInDataverse, results[1].Status);
    }

    [Fact]
    public void ReadsPartsNestedInAChangeSet()
    {
        const string response =
            "--batchresponse_1\r\nContent-Type: multipart/mixed; boundary=changesetresponse_2\r\n\r\n" +
            "--changesetresponse_2\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 1\r\n\r\n" +
            "HTTP/1.1 204 No Content\r\n\r\n\r\n" +
            "--changesetresponse_2--\r\n" +
            "--batchresponse_1--\r\n";
        Assert.Equal(WriteStatus.Written, Assert.Single(DataverseBatch.ParseResponse("multipart/mixed; boundary=batchresponse_1", response, [Upsert()])).Status);
    }

    private static RowWrite Upsert() => new(DataverseTables.Account, Guid.NewGuid(), new JsonObject());
}
