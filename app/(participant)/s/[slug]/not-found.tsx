export default function StudyNotFound() {
  return (
    <section className="notice">
      <h1>Study not found</h1>
      <p>This study does not exist or is not open yet. Please check the link you were given.</p>
    </section>
  );
}
