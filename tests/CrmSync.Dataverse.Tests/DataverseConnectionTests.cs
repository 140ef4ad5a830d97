namespace CrmSync.Dataverse.Tests;

public class DataverseConnectionTests
{
    [Fact]
    public void ParsesTheSdkClientSecretFormat()
    {
        var connection = DataverseConnection.Parse("AuthType=ClientSecret;Url=https://org.crm4.dynamics.com;ClientId=abc;ClientSecret=s3cret;TenantId=t-1");
        Assert.Equal((DataverseAuthType.ClientSecret, "abc", "s3cret", "t-1"), (connection.AuthType, connection.ClientId, connection.ClientSecret, connection.TenantId));
        Assert.Equal("https://org.crm4.dynamics.com/api/data/v9.2/", connection.WebApiBase.ToString());
        Assert.DoesNotContain("s3cret", connection.ToString());
    }

    [Fact]
    public void UrlAloneReachesTheEmulatorWithoutAuth() =>
        Assert.Equal(DataverseAuthType.None, DataverseConnection.Parse("Url=http://127.0.0.1:5090").AuthType);

    [Theory]
    [InlineData("", "empty")]
    [InlineData("AuthType=ClientSecret;ClientId=a", "no Url")]
    [InlineData("Url=not a url", "not an absolute")]
    [InlineData("Url=https://org.crm.dynamics.com;AuthType=Certificate", "Certificate")]
    [InlineData("Url=https://org.crm.dynamics.com;AuthType=ClientSecret;ClientId=a", "ClientSecret, TenantId")]
    [InlineData("Url=https://org.crm.dynamics.com;garbage", "garbage")]
    public void RejectsABadConnectionStringSayingWhatIsWrong(string connectionString, string named) =>
        Assert.Contains(named, Assert.Throws<FormatException>(() => DataverseConnection.Parse(connectionString)).Message);
}
