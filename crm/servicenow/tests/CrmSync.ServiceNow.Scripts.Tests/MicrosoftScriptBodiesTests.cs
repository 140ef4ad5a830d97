namespace CrmSync.ServiceNow.Scripts.Tests;

/// <summary>Pins the fixtures of Microsoft's six scripts to seed-solution.md §1.6, so connector tests feed the real shapes.</summary>
public sealed class MicrosoftScriptBodiesTests
{
    [Theory]
    [InlineData("insert", "POST", "DefaultPost", "id,Number,Name,City,Phone,zip,sys_id,sys_created_on,u_base_url")]
    [InlineData("update", "POST", "UpdatePost", "id,Number,Name,City,Phone,zip,sys_id,sys_created_on")]
    [InlineData("delete", "DELETE", "DefaultDelete", "id,Number,Name,City,Phone,zip,sys_id,sys_created_on")]
    public void AccountScriptsSendTheirMixedCaseKeysWithTheirMethods(string operation, string method, string function, string keys)
    {
        var request = MicrosoftScriptBodies.For("account", operation, SampleRecords.Account());

        Assert.Equal(method, request.Method.Method);
        Assert.Equal(function, request.Function);
        var body = JsonNode.Parse(request.Body)!.AsObject();
        Assert.Equal(keys.Split(','), body.Select(property => property.Key));
        Assert.Equal(SampleRecords.AccountSysId, (string?)body["id"]);
        Assert.Equal("Contoso Ltd", (string?)body["Name"]);
    }

    [Theory]
    [InlineData("insert", "POST", "DefaultPost", "id,first_name,last_name,email,phone,mobile_phone,account,sys_id,sys_created_on,u_base_url")]
    [InlineData("update", "PUT", "DefaultPut", "id,first_name,last_name,email,phone,mobile_phone,account,sys_id,sys_created_on")]
    [InlineData("delete", "DELETE", "DefaultDelete", "id,first_name,last_name,email,phone,mobile_phone,account,sys_id,sys_created_on")]
    public void ContactScriptsSendTheirKeysWithTheirMethods(string operation, string method, string function, string keys)
    {
        var request = MicrosoftScriptBodies.For("contact", operation, SampleRecords.Contact());

        Assert.Equal(method, request.Method.Method);
        Assert.Equal(function, request.Function);
        Assert.Equal(keys.Split(','), JsonNode.Parse(request.Body)!.AsObject().Select(property => property.Key));
    }

    [Fact]
    public void AnEmptyFieldIsNullAsGetValueAnswers()
    {
        var values = SampleRecords.Contact();
        values["account"] = "";
        values.Remove("mobile_phone");

        var body = JsonNode.Parse(MicrosoftScriptBodies.UpdateContact(values).Body)!.AsObject();

        Assert.True(body.ContainsKey("account") && body["account"] is null);
        Assert.True(body.ContainsKey("mobile_phone") && body["mobile_phone"] is null);
    }
}
