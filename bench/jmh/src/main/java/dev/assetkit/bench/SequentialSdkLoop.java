package dev.assetkit.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Figure 6's second baseline: what a user would naively write with the AWS SDK v2, one request at a
 * time, no threads, no multipart, no hashing.
 *
 * <pre>
 * push &lt;endpoint&gt; &lt;bucket&gt; &lt;keyPrefix&gt; &lt;localPath&gt;   PUT every file of a file or tree
 * pull &lt;endpoint&gt; &lt;bucket&gt; &lt;keyPrefix&gt; &lt;localDir&gt;    GET every object under the prefix
 * </pre>
 *
 * <p>As {@code rclone copy} lays them out: push keys are {@code keyPrefix/<path relative to
 * localPath>} (a single file: {@code keyPrefix/<file name>}); pull reads every {@code
 * keyPrefix/...} object into {@code localDir/...}, or an object named {@code keyPrefix} itself
 * into {@code localDir/<its last segment>}. Credentials come from
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Checksums only when required: S3Proxy rejects the
 * SDK's default CRC headers.
 */
public final class SequentialSdkLoop {
  private SequentialSdkLoop() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 5 || !(args[0].equals("push") || args[0].equals("pull"))) {
      System.err.println(
          "usage: SequentialSdkLoop push|pull <endpoint> <bucket> <keyPrefix> <localPath>");
      System.exit(2);
    }
    String bucket = args[2];
    String prefix = args[3].endsWith("/") ? args[3].substring(0, args[3].length() - 1) : args[3];
    Path local = Paths.get(args[4]);
    try (S3Client s3 =
        S3Client.builder()
            .endpointOverride(URI.create(args[1]))
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        System.getenv("AWS_ACCESS_KEY_ID"), System.getenv("AWS_SECRET_ACCESS_KEY"))))
            .httpClient(Apache5HttpClient.create())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .build()) {
      long count = 0;
      long bytes = 0;
      if (args[0].equals("push")) {
        List<Path> files = new ArrayList<>();
        Path base;
        if (Files.isDirectory(local)) {
          base = local;
          try (Stream<Path> walk = Files.walk(local)) {
            walk.filter(Files::isRegularFile).sorted().forEach(files::add);
          }
        } else {
          base = local.toAbsolutePath().getParent();
          files.add(local.toAbsolutePath());
        }
        for (Path file : files) {
          String key = prefix + "/" + base.relativize(file).toString().replace('\\', '/');
          s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
          count++;
          bytes += Files.size(file);
        }
      } else {
        Files.createDirectories(local);
        // Like `rclone copy`: an object named keyPrefix itself lands as localDir/<its last
        // segment> (the CLI stores a single-file asset so); keyPrefix/... as the tree below it.
        for (S3Object object :
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
          String relative;
          if (object.key().equals(prefix)) {
            relative = prefix.substring(prefix.lastIndexOf('/') + 1);
          } else if (object.key().startsWith(prefix + "/") && !object.key().endsWith("/")) {
            relative = object.key().substring(prefix.length() + 1);
          } else {
            continue; // a sibling such as keyPrefix.meta, or a folder marker
          }
          Path target = local.resolve(relative).normalize();
          if (!target.startsWith(local.normalize())) {
            throw new IOException("key escapes the target directory: " + object.key());
          }
          Files.createDirectories(target.getParent());
          s3.getObject(b -> b.bucket(bucket).key(object.key()), ResponseTransformer.toFile(target));
          count++;
          bytes += object.size();
        }
      }
      System.out.println(args[0] + " " + count + " objects, " + bytes + " bytes");
    }
  }
}
